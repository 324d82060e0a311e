// The desktop's file dialog for transfer files: where to save one (a USB stick, a share), which one to
// open. The core asks through CoreOptions.pickFile; browser mode has no such dialog and types paths.
import { dialog, type BrowserWindow } from 'electron';
import type { PickFile } from '../src/transfer/transfer.service.ts';

export function createFileDialog(window: () => BrowserWindow | null): PickFile {
  return async ({ mode, defaultName, filters }) => {
    const parent = window();
    if (mode === 'save') {
      const options = { ...(defaultName !== undefined && { defaultPath: defaultName }), ...(filters && { filters }) };
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      return result.canceled ? null : (result.filePath ?? null);
    }
    const options = { properties: ['openFile' as const], ...(filters && { filters }) };
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}
