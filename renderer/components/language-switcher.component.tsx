import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue, type Key } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../src/api/contract.ts';

interface Props {
  languages: AppInfo['languages'];
  value: string;
  onChange: (code: string) => void;
}

/** Each language is shown in its own name and script, so anyone can find theirs. */
export function LanguageSwitcher({ languages, value, onChange }: Props) {
  const { t } = useTranslation();
  const uiLanguages = languages.filter((l) => l.ui);
  return (
    <Select
      className="language-switcher"
      placeholder={t('common.choose', 'Choose…')}
      value={value}
      onChange={(key: Key | null) => {
        if (key !== null) onChange(String(key));
      }}
    >
      <Label>{t('shell.language', 'Language')}</Label>
      <Button className="select-button" data-testid="language-switcher">
        <SelectValue />
        <span aria-hidden="true" className="select-chevron">▾</span>
      </Button>
      <Popover className="select-popover">
        <ListBox>
          {uiLanguages.map((language) => (
            <ListBoxItem key={language.code} id={language.code} textValue={language.nativeName} className="select-option">
              <span lang={language.code} dir={language.dir}>
                {language.nativeName}
              </span>
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}
