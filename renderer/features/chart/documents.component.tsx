import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Button, Label, ProgressBar } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../src/api/errors.ts';
import type { EntryRecord } from '../../../src/api/schemas/record.ts';
import { useClient } from '../../api/client-context.tsx';
import { ModalDialog } from '../../components/dialog.tsx';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { sniffMediaType } from '../../../src/domain/documents.ts';
import { chartKey } from './chart.component.tsx';
import { PdfView } from './pdf-view.component.tsx';
import { toBase64 } from '../../components/save-file.ts';

const MAX_BYTES = 50 * 1024 * 1024;

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Attach a PDF or image to an episode: checked here first, sent in chunks with progress, cancellable. */
export function AttachDocument({ episodeId, personId }: { episodeId: string; personId: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const queryClient = useQueryClient();
  const inputId = useId();
  const titleId = useId();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const cancelled = useRef(false);

  const reset = () => {
    setFile(null);
    setTitle('');
    setProgress(null);
    setProblem(null);
    setError(null);
  };

  const upload = async () => {
    if (!file) return;
    setProblem(null);
    setError(null);
    if (file.size === 0 || file.size > MAX_BYTES) return setProblem(t('documents.tooLarge', 'The file must be between 1 byte and 50 MB.'));
    const bytes = new Uint8Array(await file.arrayBuffer());
    const mediaType = sniffMediaType(bytes.subarray(0, 8));
    if (!mediaType) return setProblem(t('documents.wrongType', 'Carnet keeps PDF, JPEG, PNG and TIFF files only. This file is none of them.'));
    const sha256 = hex(await crypto.subtle.digest('SHA-256', bytes));
    cancelled.current = false;
    setProgress(0);
    const begin = await client.call('document.beginUpload', { episodeId, title: title.trim() || file.name, mediaType, bytes: bytes.length, sha256 });
    if (!begin.ok) return (setError(begin.error), setProgress(null));
    const { uploadId, chunkBytes } = begin.value;
    for (let index = 0, offset = 0; offset < bytes.length; index++, offset += chunkBytes) {
      if (cancelled.current) {
        await client.call('document.cancelUpload', { uploadId });
        return setProgress(null);
      }
      const sent = await client.call('document.uploadChunk', { uploadId, index, data: toBase64(bytes.subarray(offset, offset + chunkBytes)) });
      if (!sent.ok) return (setError(sent.error), setProgress(null));
      setProgress(sent.value.received / bytes.length);
    }
    const done = await client.call('document.finishUpload', { uploadId });
    if (!done.ok) return (setError(done.error), setProgress(null));
    void queryClient.invalidateQueries({ queryKey: chartKey(personId) });
    reset();
    setOpen(false);
  };

  return (
    <>
      <Button className="button small" onPress={() => setOpen(true)}>
        {t('documents.attach', 'Attach a document')}
      </Button>
      <ModalDialog
        isOpen={open}
        onClose={() => {
          cancelled.current = true;
          reset();
          setOpen(false);
        }}
        title={t('documents.attachTitle', 'Attach a document')}
      >
        <div className="form">
          <p className="muted">{t('documents.help', 'A scanned lab report, a letter, a photo of a vaccination card: PDF, JPEG, PNG or TIFF, up to 50 MB. It is stored encrypted with the record.')}</p>
          <div className="field">
            <label htmlFor={inputId}>{t('documents.file', 'File')}</label>
            <input
              id={inputId}
              type="file"
              accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff"
              onChange={(e) => {
                const chosen = e.target.files?.[0] ?? null;
                setFile(chosen);
                if (chosen && !title) setTitle(chosen.name.replace(/\.[^.]+$/, ''));
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={titleId}>{t('documents.title', 'Title')}</label>
            <input id={titleId} value={title} maxLength={200} dir="auto" onChange={(e) => setTitle(e.target.value)} />
          </div>
          {problem && (
            <p className="error-message" role="alert">
              {problem}
            </p>
          )}
          <ErrorMessage error={error} />
          {progress !== null && (
            <ProgressBar value={progress * 100} className="progress" data-testid="upload-progress">
              {({ percentage }) => (
                <>
                  <Label>{t('documents.uploading', 'Saving the document')}</Label>
                  <span className="progress-value">{Math.round(percentage ?? 0)}%</span>
                  <div className="progress-track">
                    <div className="progress-fill" style={{ inlineSize: `${percentage ?? 0}%` }} />
                  </div>
                </>
              )}
            </ProgressBar>
          )}
          <div className="form-actions">
            {progress !== null ? (
              <Button className="button" onPress={() => (cancelled.current = true)}>
                {t('common.cancel', 'Cancel')}
              </Button>
            ) : (
              <Button className="button primary" onPress={() => void upload()} isDisabled={!file}>
                {t('documents.save', 'Save the document')}
              </Button>
            )}
          </div>
        </div>
      </ModalDialog>
    </>
  );
}

/** A stored document read back in chunks into memory only (never a file), while `enabled`. */
export function useDocumentBytes(entry: EntryRecord, enabled: boolean): { url: string | null; bytes: Uint8Array | null; progress: number; error: ApiError | null } {
  const client = useClient();
  const body = entry.body.kind === 'document' ? entry.body : null;
  const [url, setUrl] = useState<string | null>(null);
  const [bytes, setBytes] = useState<Uint8Array | null>(null);
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!enabled || !body) return undefined;
    let stop = false;
    let made: string | null = null;
    void (async () => {
      const parts: Uint8Array<ArrayBuffer>[] = [];
      let offset = 0;
      while (offset < body.bytes && !stop) {
        const chunk = await client.call('document.read', { entryId: entry.id, offset, length: 1024 * 1024 });
        if (!chunk.ok) return setError(chunk.error);
        const bytes = Uint8Array.from(atob(chunk.value.data), (c) => c.charCodeAt(0));
        parts.push(bytes);
        offset += bytes.length;
        setProgress(offset / body.bytes);
        if (bytes.length === 0) break;
      }
      if (stop) return;
      const whole = new Uint8Array(offset);
      let at = 0;
      for (const part of parts) {
        whole.set(part, at);
        at += part.length;
      }
      made = URL.createObjectURL(new Blob([whole], { type: body.mediaType }));
      setBytes(whole);
      setUrl(made);
    })();
    return () => {
      stop = true;
      if (made) URL.revokeObjectURL(made);
      setUrl(null);
      setBytes(null);
      setProgress(0);
    };
  }, [enabled, body, client, entry.id]);

  return { url, bytes, progress, error };
}

/** A stored document, read back in chunks into memory only, shown inline (images, PDF) or downloaded. */
export function DocumentView({ entry }: { entry: EntryRecord }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const body = entry.body.kind === 'document' ? entry.body : null;
  const { url, bytes, progress, error } = useDocumentBytes(entry, open);
  if (!body) return null;
  const extension = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png', 'image/tiff': 'tif' }[body.mediaType];
  return (
    <>
      <Button className="button small" onPress={() => setOpen(true)}>
        {t('documents.view', 'View')}
      </Button>
      <ModalDialog isOpen={open} onClose={() => setOpen(false)} title={body.title}>
        <ErrorMessage error={error} />
        {!url && !error && (
          <ProgressBar value={progress * 100} className="progress">
            {({ percentage }) => (
              <>
                <Label>{t('documents.opening', 'Opening the document')}</Label>
                <span className="progress-value">{Math.round(percentage ?? 0)}%</span>
              </>
            )}
          </ProgressBar>
        )}
        {url && body.mediaType.startsWith('image/') && body.mediaType !== 'image/tiff' && (
          <img src={url} alt={body.title} className="document-image" data-testid="document-image" />
        )}
        {bytes && body.mediaType === 'application/pdf' && <PdfView data={bytes} title={body.title} />}
        {url && body.mediaType === 'image/tiff' && <p>{t('documents.noPreview', 'This kind of file cannot be shown here; download it to open it.')}</p>}
        {url && (
          <div className="form-actions">
            <a className="button" href={url} download={`${body.title}.${extension}`}>
              {t('documents.download', 'Download')}
            </a>
          </div>
        )}
      </ModalDialog>
    </>
  );
}
