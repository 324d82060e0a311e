// A file path on this computer: the desktop's dialog, or typed in browser mode (the core runs on this
// same computer).
import { useId } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useCall } from '../api/use-call.ts';
import { useAppInfo } from '../features/app/use-app-info.ts';
import { ErrorMessage } from './error-message.component.tsx';

export interface FileFilter {
  name: string;
  extensions: string[];
}

export function PathField({
  mode,
  value,
  onChange,
  label,
  placeholder,
  filters,
  defaultName,
}: {
  mode: 'save' | 'open';
  value: string;
  onChange: (path: string) => void;
  label: string;
  placeholder: string;
  filters: FileFilter[];
  defaultName?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const { data: info } = useAppInfo();
  const pick = useCall('transfer.pickFile', { onSuccess: (r) => r.path && onChange(r.path) });
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="row-actions">
        <input id={id} dir="ltr" value={value} onChange={(e) => onChange(e.target.value)} placeholder={placeholder} />
        {info?.mode === 'electron' && (
          <Button className="button small" onPress={() => void pick.run({ mode, filters, ...(defaultName !== undefined && { defaultName }) })}>
            {t('transfer.choose', 'Choose…')}
          </Button>
        )}
      </div>
      <ErrorMessage error={pick.error} />
    </div>
  );
}
