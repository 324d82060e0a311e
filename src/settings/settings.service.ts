// Until the encrypted store exists, the few settings that must be known before login (the interface
// language) live in a small JSON file in the app's data folder. It holds no patient data.
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { SettingsSchema, type Settings, type SettingsPatch } from '../api/contract.ts';
import { AppError } from '../api/errors.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';
import type { EventBus } from '../host/events.ts';
import type { Logger } from '../host/log.ts';

export const SETTINGS_FILE = 'settings.json';

export const DEFAULT_SETTINGS: Settings = { uiLanguage: null };

export interface SettingsService {
  get(): Promise<Settings>;
  set(patch: SettingsPatch): Promise<Settings>;
}

export function createSettingsService(deps: { dataDir: string; events: EventBus; logger: Logger }): SettingsService {
  const file = join(deps.dataDir, SETTINGS_FILE);
  // Writes are queued so two quick changes cannot interleave and lose one.
  let queue: Promise<unknown> = Promise.resolve();

  async function read(): Promise<Settings> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // No file yet, or no data folder yet: defaults. Creating the folder is the writer's job.
      if (code === 'ENOENT' || code === 'ENOTDIR') return { ...DEFAULT_SETTINGS };
      throw new AppError('SETTINGS_UNREADABLE', { reason: (error as NodeJS.ErrnoException).code ?? 'io' });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = SettingsSchema.partial().safeParse(json);
    if (parsed.success) return { ...DEFAULT_SETTINGS, ...parsed.data };
    // Keep the damaged file for inspection rather than overwrite it, and carry on with defaults.
    const aside = `${file}.damaged-${Date.now()}`;
    await rename(file, aside).catch(() => undefined);
    deps.logger.warn('settings file was damaged and has been set aside', { file: SETTINGS_FILE });
    return { ...DEFAULT_SETTINGS };
  }

  async function write(patch: SettingsPatch): Promise<Settings> {
    const next = SettingsSchema.parse({ ...(await read()), ...patch });
    try {
      await writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
    } catch (error) {
      throw new AppError('STORAGE_FAILED', { reason: (error as NodeJS.ErrnoException).code ?? 'io' });
    }
    deps.events.emit('settings:changed', next);
    return next;
  }

  return {
    get: () => read(),
    set(patch) {
      const result = queue.then(() => write(patch));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
