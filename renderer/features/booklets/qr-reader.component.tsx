// Reading a booklet's QR code: from a scanned page or a photo (an image file), from the computer's
// camera (a frame every 600 ms until a code is found), or typed by a handheld scanner into the text
// field. The core decodes the image and verifies the signature against the trust list; a trusted
// summary can be taken into a record here (one this centre already holds, or a new registration
// started from the summary). An untrusted code says why.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { ImportQrOutput, VerifyQrOutput } from '../../../src/api/schemas/booklet.ts';
import type { PersonRecord } from '../../../src/api/schemas/record.ts';
import { personFromSummary } from '../../../src/domain/qr-person.ts';
import { icd10Label } from '../../../src/domain/value-sets/icd10.ts';
import { antigenLabel } from '../../../src/domain/value-sets/vaccines.ts';
import type { LanguageCode } from '../../../src/i18n/languages.ts';
import { useCall } from '../../api/use-call.ts';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { toBase64 } from '../../components/save-file.ts';
import { PersonForm } from '../persons/person-form.component.tsx';
import { nameText, preferredName } from '../persons/person-format.ts';

const MAX_IMAGE_BYTES = 25 * 1024 * 1024;
const CAMERA_INTERVAL_MS = 600;

type Trusted = Extract<VerifyQrOutput, { status: 'trusted' }>;

export function QrReader() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<{ text: string; result: VerifyQrOutput } | null>(null);
  const verify = useCall('booklet.verifyQr', { onSuccess: (result, input) => setVerdict({ text: input.text, result }) });
  const read = useCall('booklet.readQr');

  const check = async (code: string) => {
    setNotice(null);
    setVerdict(null);
    await verify.run({ text: code.trim() });
  };
  const fromImage = async (bytes: Uint8Array): Promise<boolean> => {
    const found = await read.run({ image: toBase64(bytes) });
    const first = found?.texts[0];
    if (first === undefined) return false;
    setText(first);
    await check(first);
    return true;
  };

  return (
    <div className="form wide" data-testid="qr-reader">
      <p className="muted">{t('booklets.readHelp', 'The code on the first page of a Carnet booklet carries a summary signed by the centre that printed it. Read it from a scan or photo, with the camera, or with a handheld scanner.')}</p>
      <div className="field">
        <label htmlFor="qr-image">{t('booklets.fromImage', 'A scan or photo of the first page (PNG or JPEG)')}</label>
        <input
          id="qr-image"
          type="file"
          accept="image/png,image/jpeg"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            if (file.size > MAX_IMAGE_BYTES) {
              setNotice(t('booklets.imageTooLarge', 'This image is too large (over 25 MB). Scan the page at 150 to 300 dpi.'));
              return;
            }
            void file.arrayBuffer().then(async (buffer) => {
              if (!(await fromImage(new Uint8Array(buffer)))) setNotice(t('booklets.noCode', 'No QR code was found in this image. Scan the whole first page, flat and sharp.'));
            });
          }}
        />
      </div>
      <Camera onFrame={fromImage} />
      <form
        className="row-actions"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim() !== '') void check(text);
        }}
      >
        <label htmlFor="qr-text">{t('booklets.typed', 'Code text (a handheld scanner types it here)')}</label>
        <input id="qr-text" dir="ltr" value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" spellCheck={false} />
        <Button type="submit" className="button" isDisabled={text.trim() === ''} isPending={verify.pending}>
          {t('booklets.check', 'Check')}
        </Button>
      </form>
      {notice && <p role="alert">{notice}</p>}
      <ErrorMessage error={read.error ?? verify.error} />
      {verdict?.result.status === 'untrusted' && (
        <div className="notice warning" role="alert" data-testid="qr-untrusted">
          <p>
            <strong>{t('booklets.untrusted', 'This code cannot be trusted.')}</strong> {t(`booklets.reason.${verdict.result.reason}`)}
          </p>
        </div>
      )}
      {verdict?.result.status === 'trusted' && <TrustedSummary key={verdict.text} text={verdict.text} verdict={verdict.result} />}
    </div>
  );
}

/** The camera, while the user wants it: frames go to the core until one holds a code. */
function Camera({ onFrame }: { onFrame: (bytes: Uint8Array) => Promise<boolean> }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [on, setOn] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!on) return undefined;
    let stream: MediaStream | undefined;
    let timer: number | undefined;
    let stopped = false;
    let busy = false;
    const canvas = document.createElement('canvas');
    const stop = () => {
      stopped = true;
      window.clearInterval(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment', width: { ideal: 1280 } }, audio: false })
      .then((s) => {
        stream = s;
        if (stopped) return stop();
        if (video.current) {
          video.current.srcObject = s;
          void video.current.play();
        }
        timer = window.setInterval(() => {
          const v = video.current;
          if (busy || !v || v.videoWidth === 0) return;
          busy = true;
          canvas.width = v.videoWidth;
          canvas.height = v.videoHeight;
          canvas.getContext('2d')?.drawImage(v, 0, 0);
          canvas.toBlob(
            (blob) => {
              if (!blob || stopped) {
                busy = false;
                return;
              }
              void blob
                .arrayBuffer()
                .then((b) => onFrame(new Uint8Array(b)))
                .then((found) => {
                  busy = false;
                  if (found) setOn(false);
                });
            },
            'image/jpeg',
            0.9,
          );
        }, CAMERA_INTERVAL_MS);
        return undefined;
      })
      .catch(() => {
        setFailed(true);
        setOn(false);
      });
    return stop;
  }, [on, onFrame]);
  const available = typeof navigator !== 'undefined' && navigator.mediaDevices?.getUserMedia !== undefined;
  return (
    <div className="field">
      {available && (
        <Button className="button" onPress={() => {
            setFailed(false);
            setOn((v) => !v);
          }}>
          {on ? t('booklets.cameraStop', 'Stop the camera') : t('booklets.camera', 'Use the camera')}
        </Button>
      )}
      {on && <video ref={video} className="qr-camera" muted playsInline aria-label={t('booklets.cameraView', 'Camera: hold the code in front of it')} />}
      {failed && <p role="alert">{t('booklets.cameraFailed', 'The camera could not be opened. Check that one is connected and allowed, or use a scan.')}</p>}
    </div>
  );
}

function TrustedSummary({ text, verdict }: { text: string; verdict: Trusted }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language as LanguageCode;
  const { summary, site, candidates } = verdict;
  const [registering, setRegistering] = useState(false);
  const [done, setDone] = useState<{ result: ImportQrOutput; recordNumber: string } | null>(null);
  const take = useCall('booklet.importQr');
  const takeInto = async (person: { id: string; recordNumber: string }) => {
    const result = await take.run({ text, personId: person.id });
    if (result) setDone({ result, recordNumber: person.recordNumber });
  };
  const birth = 'date' in summary.birth ? summary.birth.date : t('booklet.estimatedAge', { years: summary.birth.years, date: summary.birth.estimatedOn });

  if (done) {
    const { result, recordNumber } = done;
    return (
      <div className="notice" role="status" data-testid="qr-imported">
        <p>
          {t('booklets.imported', {
            record: recordNumber,
            allergies: result.added.allergies,
            immunizations: result.added.immunizations,
            problems: result.added.problems,
            known: result.alreadyKnown,
            defaultValue: 'Added to record {{record}}: allergies {{allergies}}, vaccinations {{immunizations}}, problems {{problems}}; already in the record: {{known}}.',
          })}
        </p>
      </div>
    );
  }
  if (registering) {
    return (
      <PersonForm
        initial={personFromSummary(summary)}
        onSaved={(record: PersonRecord) => void takeInto(record)}
        onCancel={() => setRegistering(false)}
        onOpen={() => undefined}
      />
    );
  }
  return (
    <div className="notice" data-testid="qr-trusted">
      <p>
        <strong>{t('booklets.trusted', { site: site.name, date: summary.issuedOn, defaultValue: 'Signed by {{site}} on {{date}}: the summary is genuine.' })}</strong>
      </p>
      <dl className="key-value">
        <dt>{t('booklets.name', 'Name')}</dt>
        <dd>
          <bdi>{summary.name}</bdi>
        </dd>
        <dt>{t('booklets.birth', 'Date of birth')}</dt>
        <dd>{birth}</dd>
        <dt>{t('booklet.allergiesAlerts', 'Allergies and alerts')}</dt>
        <dd>{summary.allergies.length > 0 ? summary.allergies.map((a) => <bdi key={a}>{a}</bdi>).reduce<ReactNode[]>((acc, el) => (acc.length ? [...acc, ', ', el] : [el]), []) : summary.noKnownAllergies ? t('booklets.noKnownAllergies', 'No known allergies') : t('chart.none', 'None recorded')}</dd>
        <dt>{t('booklets.vaccinations', 'Vaccinations')}</dt>
        <dd>{summary.immunizations.map((i) => `${antigenLabel(i.antigen, lng) ?? i.antigen}${i.date ? ` (${i.date})` : ''}`).join(', ') || t('chart.none', 'None recorded')}</dd>
        {summary.problems && (
          <>
            <dt>{t('booklets.problems', 'Problems')}</dt>
            <dd>{summary.problems.map((c) => `${c} ${icd10Label(c, lng) ?? ''}`.trim()).join(', ')}</dd>
          </>
        )}
      </dl>
      <ErrorMessage error={take.error} />
      {candidates.length > 0 && (
        <>
          <h2>{t('booklets.candidates', 'Records here that may be this person')}</h2>
          <ul className="plain-list" data-testid="qr-candidates">
            {candidates.map(({ person, sameRecord }) => {
              const name = preferredName(person.names);
              return (
                <li key={person.id}>
                  <bdi>{name ? nameText(name) : ''}</bdi> · {person.recordNumber}
                  {sameRecord && ` · ${t('booklets.sameRecord', 'the same record (received by transfer or printed here)')}`}{' '}
                  <Button className="button small" isPending={take.pending} onPress={() => void takeInto(person)}>
                    {t('booklets.addTo', 'Add the summary to this record')}
                  </Button>
                </li>
              );
            })}
          </ul>
        </>
      )}
      <div className="form-actions">
        <Button className="button" onPress={() => setRegistering(true)}>
          {t('booklets.registerNew', 'Register as a new person')}
        </Button>
      </div>
    </div>
  );
}
