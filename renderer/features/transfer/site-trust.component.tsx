// The centre's identity for transfers and whom it trusts (admin, on the Centre page): its fingerprint
// to read aloud, its card to give the coordinating office or another centre, the network authority's
// key (pinned after comparing its fingerprint), the certificate and trust lists the office sends, and
// centres paired directly by comparing fingerprints on the phone.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { MethodName } from '../../../src/api/methods.ts';
import { countryName } from '../../../src/domain/value-sets/countries.ts';
import type { LanguageCode } from '../../../src/i18n/languages.ts';
import { unwrap } from '../../api/client.ts';
import { useClient } from '../../api/client-context.tsx';
import { useCall } from '../../api/use-call.ts';
import { ModalDialog } from '../../components/dialog.tsx';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { saveFile } from '../../components/save-file.ts';
import { toApiError } from '../app/use-app-info.ts';

export const SITE_KEY = ['site.identity'];
export const TRUSTED_KEY = ['site.trustedSites'];

export function useSiteIdentity() {
  const client = useClient();
  return useQuery({ queryKey: SITE_KEY, queryFn: () => unwrap(client.call('site.identity', {})) });
}

/** Digits in groups of four, kept left to right in any interface language. */
export function Fingerprint({ value }: { value: string }) {
  return (
    <code className="fingerprint" dir="ltr">
      {value}
    </code>
  );
}

/** A text field that can also be filled from a file (a .jws/.json the office or a centre sent). */
function TextOrFile({ label, value, onChange }: { label: string; value: string; onChange: (text: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={3} dir="ltr" value={value} onChange={(e) => onChange(e.target.value)} spellCheck={false} />
      <input
        type="file"
        aria-label={t('site.fromFile', 'Read it from a file')}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void file.text().then((text) => onChange(text.trim()));
        }}
      />
    </div>
  );
}

type TrustAction = 'authority' | 'certificate' | 'trustList' | 'pair';

export function SiteTrustPanel() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const queryClient = useQueryClient();
  const site = useSiteIdentity();
  const trusted = useQuery({ queryKey: TRUSTED_KEY, queryFn: () => unwrap(client.call('site.trustedSites', {})) });
  const [action, setAction] = useState<TrustAction | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: SITE_KEY });
    void queryClient.invalidateQueries({ queryKey: TRUSTED_KEY });
  };
  const ensure = useCall('site.ensureIdentity', { onSuccess: refresh });
  const unpair = useCall('site.unpair', { onSuccess: refresh });
  if (site.error) return <ErrorMessage error={toApiError(site.error)} />;
  const me = site.data;
  if (!me) return <p>{t('common.loading', 'Loading…')}</p>;
  const lng = i18n.language as LanguageCode;
  return (
    <section className="panel" aria-labelledby="site-trust-title" data-testid="site-trust">
      <h2 id="site-trust-title">{t('site.title', 'Transfers between centres')}</h2>
      {!me.configured ? (
        <>
          <p>{t('site.noKeys', 'This centre has no transfer keys yet. They are made once and stay in the encrypted database.')}</p>
          <ErrorMessage error={ensure.error} />
          <Button className="button primary" isPending={ensure.pending} onPress={() => void ensure.run({})}>
            {t('site.createKeys', 'Make this centre’s transfer keys')}
          </Button>
        </>
      ) : (
        <>
          <dl className="facts">
            <dt>{t('site.fingerprint', 'Fingerprint (read it aloud to confirm this centre)')}</dt>
            <dd data-testid="site-fingerprint">{me.fingerprint && <Fingerprint value={me.fingerprint} />}</dd>
            <dt>{t('site.certificate', 'Certificate from the network authority')}</dt>
            <dd>
              {t(`site.certificateStatus.${me.certificate.status}`)}
              {me.certificate.notAfter && ` · ${t('site.validUntil', { date: me.certificate.notAfter.slice(0, 10), defaultValue: 'valid until {{date}}' })}`}
            </dd>
            <dt>{t('site.authority', 'Network authority')}</dt>
            <dd>{me.authority ? <Fingerprint value={me.authority.fingerprint} /> : t('site.noAuthority', 'Not set')}</dd>
            <dt>{t('site.trustList', 'Trust list')}</dt>
            <dd>
              {me.trustList
                ? t('site.trustListInfo', {
                    sequence: me.trustList.sequence,
                    count: me.trustList.certificates,
                    date: me.trustList.issuedAt.slice(0, 10),
                    defaultValue: 'number {{sequence}} of {{date}}, {{count}} centres',
                  })
                : t('site.noTrustList', 'None imported')}
            </dd>
          </dl>
          <div className="row-actions">
            <Button className="button" onPress={() => me.card && saveFile(`carnet-site-card-${me.siteId}.jws`, me.card, 'application/jose')}>
              {t('site.saveCard', 'Save this centre’s card')}
            </Button>
            <Button className="button" onPress={() => setAction('authority')}>
              {t('site.setAuthority', 'Set the network authority')}
            </Button>
            <Button className="button" onPress={() => setAction('certificate')} isDisabled={!me.authority}>
              {t('site.importCertificate', 'Import this centre’s certificate')}
            </Button>
            <Button className="button" onPress={() => setAction('trustList')} isDisabled={!me.authority}>
              {t('site.importTrustList', 'Import a trust list')}
            </Button>
            <Button className="button" onPress={() => setAction('pair')}>
              {t('site.pair', 'Pair with a centre')}
            </Button>
          </div>
        </>
      )}
      <h3>{t('site.trusted', 'Centres this centre can exchange records with')}</h3>
      <ErrorMessage error={toApiError(trusted.error) ?? unpair.error} />
      {trusted.data && trusted.data.sites.length === 0 && <p className="muted">{t('site.noneTrusted', 'None yet: import a trust list or pair with a centre.')}</p>}
      {trusted.data && trusted.data.sites.length > 0 && (
        <table className="table compact" data-testid="trusted-sites">
          <thead>
            <tr>
              <th scope="col">{t('site.centre', 'Centre')}</th>
              <th scope="col">{t('setup.country', 'Country')}</th>
              <th scope="col">{t('site.source', 'Trusted through')}</th>
              <th scope="col">{t('site.status', 'Status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('site.actions', 'Actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {trusted.data.sites.map((s) => (
              <tr key={s.siteId}>
                <td>
                  <bdi>{s.name}</bdi>
                </td>
                <td>{countryName(s.country, lng) ?? s.country}</td>
                <td>{t(`site.sourceOf.${s.source}`)}</td>
                <td>{t(`site.siteStatus.${s.status}`)}</td>
                <td>
                  {s.source === 'paired' && (
                    <Button className="button small" onPress={() => void unpair.run({ siteId: s.siteId })}>
                      {t('site.unpair', 'Stop trusting')}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ModalDialog isOpen={action !== null} onClose={() => setAction(null)} title={action ? t(`site.actionTitle.${action}`) : ''}>
        {action && (
          <TrustForm
            action={action}
            onDone={() => {
              refresh();
              setAction(null);
            }}
          />
        )}
      </ModalDialog>
    </section>
  );
}

const ACTION_METHOD: Record<TrustAction, MethodName> = {
  authority: 'site.setAuthority',
  certificate: 'site.importCertificate',
  trustList: 'site.importTrustList',
  pair: 'site.pair',
};

function TrustForm({ action, onDone }: { action: TrustAction; onDone: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [fingerprint, setFingerprint] = useState('');
  const call = useCall(ACTION_METHOD[action] as 'site.pair', { onSuccess: onDone });
  const needsFingerprint = action === 'authority' || action === 'pair';
  const input = (): Record<string, string> => {
    switch (action) {
      case 'authority':
        return { publicKey: text.trim(), fingerprint };
      case 'certificate':
        return { certificate: text.trim() };
      case 'trustList':
        return { trustList: text.trim() };
      case 'pair':
        return { card: text.trim(), fingerprint };
    }
  };
  const fields: Record<TrustAction, ReactNode> = {
    authority: t('site.authorityKey', 'The authority’s public key (the file the coordinating office gives)'),
    certificate: t('site.certificateText', 'The certificate the office signed for this centre'),
    trustList: t('site.trustListText', 'The trust list file'),
    pair: t('site.cardText', 'The other centre’s card'),
  };
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        void call.run(input() as never);
      }}
    >
      {needsFingerprint && <p>{t('site.compareIntro', 'Call the other side and have them read their fingerprint aloud. Type it as you hear it: if one digit differs, nothing is trusted.')}</p>}
      <TextOrFile label={String(fields[action])} value={text} onChange={setText} />
      {needsFingerprint && (
        <div className="field">
          <label htmlFor="trust-fingerprint">{t('site.fingerprintHeard', 'Fingerprint as read aloud')}</label>
          <input id="trust-fingerprint" dir="ltr" inputMode="numeric" autoComplete="off" value={fingerprint} onChange={(e) => setFingerprint(e.target.value)} />
        </div>
      )}
      <ErrorMessage error={call.error} />
      <div className="form-actions">
        <Button type="submit" className="button primary" isPending={call.pending} isDisabled={text.trim() === '' || (needsFingerprint && fingerprint.trim() === '')}>
          {t('site.confirm', 'Confirm')}
        </Button>
      </div>
    </form>
  );
}
