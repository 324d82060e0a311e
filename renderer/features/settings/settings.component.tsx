import { Label, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { useAppInfo } from '../app/use-app-info.ts';
import { useSettings } from '../app/use-settings.ts';
import { ChangePassword } from '../session/change-password.component.tsx';
import { UpdatePanel } from '../update/update.component.tsx';

const SYSTEM = 'system';

export function SettingsPage() {
  const { t } = useTranslation();
  const { data: info } = useAppInfo();
  const { data: settings, error, update, updateError } = useSettings();
  return (
    <section aria-labelledby="settings-title" className="page">
      <h1 id="settings-title">{t('settings.title', 'Settings')}</h1>
      <ErrorMessage error={error ?? updateError} />
      {info && settings && (
        <RadioGroup
          className="radio-group"
          value={settings.uiLanguage ?? SYSTEM}
          onChange={(value) => void update({ uiLanguage: value === SYSTEM ? null : (value as typeof settings.uiLanguage) })}
        >
          <Label>{t('settings.uiLanguage', 'Language of the interface')}</Label>
          <Radio value={SYSTEM} className="radio">
            {t('settings.followSystem', 'Same as this computer')}
          </Radio>
          {info.languages
            .filter((l) => l.ui)
            .map((l) => (
              <Radio key={l.code} value={l.code} className="radio">
                <span lang={l.code} dir={l.dir}>
                  {l.nativeName}
                </span>
              </Radio>
            ))}
        </RadioGroup>
      )}
      <ChangePassword />
      <UpdatePanel />
    </section>
  );
}
