// "Booklet" on the chart: the paper PHR the person carries, in the centre's language and the
// person's (their first language is offered; any can be chosen), as A5 pages or pre-imposed on A4 for
// an office printer (print it double-sided, flip on the short edge, at actual size). Printed from the
// app (the print dialog opens with those defaults on the desktop) or saved as a PDF.
import { useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { PaperField } from '../booklets/paper-field.component.tsx';
import type { LanguageCode } from '../../../src/i18n/languages.ts';
import { useCall } from '../../api/use-call.ts';
import { ModalDialog } from '../../components/dialog.tsx';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { fromBase64, saveFile } from '../../components/save-file.ts';
import { useAppInfo } from '../app/use-app-info.ts';
import { useClient } from '../../api/client-context.tsx';
import { printPdf } from '../booklets/print-pdf.ts';

export function BookletButton({ personId, languages }: { personId: string; languages: readonly string[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button className="button" onPress={() => setOpen(true)}>
        {t('booklet.print', 'Booklet')}
      </Button>
      <ModalDialog isOpen={open} onClose={() => setOpen(false)} title={t('booklet.printTitle', 'Print the health booklet')}>
        {open && <BookletForm personId={personId} languages={languages} onDone={() => setOpen(false)} />}
      </ModalDialog>
    </>
  );
}

function BookletForm({ personId, languages, onDone }: { personId: string; languages: readonly string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const { data: info } = useAppInfo();
  const id = useId();
  const all = info?.languages ?? [];
  const first = all.find((l) => languages.includes(l.code))?.code ?? 'en';
  const [language, setLanguage] = useState<string>(first);
  const [layout, setLayout] = useState<'a5' | 'a4'>('a5');
  const client = useClient();
  const [action, setAction] = useState<'save' | 'print'>('save');
  const [printFailed, setPrintFailed] = useState(false);
  const print = useCall('booklet.print', {
    onSuccess: async (file, input) => {
      if (action === 'save') {
        saveFile(file.name, fromBase64(file.data), 'application/pdf');
        onDone();
        return;
      }
      try {
        await printPdf(client, fromBase64(file.data), input.layout ?? 'a5');
        onDone();
      } catch {
        setPrintFailed(true);
      }
    },
  });
  const make = (what: 'save' | 'print') => {
    setAction(what);
    setPrintFailed(false);
    void print.run({ personId, language: language as LanguageCode, layout });
  };
  // The person's own languages first, then the others.
  const ordered = [...all.filter((l) => languages.includes(l.code)), ...all.filter((l) => !languages.includes(l.code))];
  return (
    <div className="form">
      <div className="field">
        <label htmlFor={id}>{t('booklet.secondLanguage', 'Second language (the person’s)')}</label>
        <select id={id} value={language} onChange={(e) => setLanguage(e.target.value)}>
          {ordered.map((l) => (
            <option key={l.code} value={l.code}>
              {l.nativeName}
            </option>
          ))}
        </select>
      </div>
      <PaperField name="booklet-layout" value={layout} onChange={setLayout} order={['a5', 'a4']} />
      <ErrorMessage error={print.error} />
      {printFailed && <p role="alert">{t('booklet.printFailed', 'The booklet could not be prepared for printing. Save the PDF and print it from a PDF viewer.')}</p>}
      <div className="form-actions">
        <Button className="button" isPending={print.pending && action === 'save'} isDisabled={print.pending} onPress={() => make('save')}>
          {t('booklet.save', 'Make the PDF')}
        </Button>
        <Button className="button primary" isPending={print.pending && action === 'print'} isDisabled={print.pending} onPress={() => make('print')}>
          {t('booklet.printNow', 'Print')}
        </Button>
      </div>
    </div>
  );
}
