// Family and travelling companions on the chart: who is linked to this person and how, a search to
// add a tie, and removing one. A tie is written on both records at once (person.link).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useId, useState } from 'react';
import { Button, Input, Label, SearchField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Chart, PersonSummary } from '../../../src/api/schemas/record.ts';
import { RELATIONS, type Relation } from '../../../src/domain/person.ts';
import { unwrap } from '../../api/client.ts';
import { useClient } from '../../api/client-context.tsx';
import { useCall } from '../../api/use-call.ts';
import { ConfirmDialog, ModalDialog } from '../../components/dialog.tsx';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { toApiError } from '../app/use-app-info.ts';
import { nameText, preferredName, useAgeText } from '../persons/person-format.ts';
import { useCan } from '../session/use-session.ts';
import { chartKey } from './chart-keys.ts';

function useRelationLabel(): (relation: Relation) => string {
  const { t } = useTranslation();
  return (relation) => t(`family.relation.${relation}`);
}

function summaryName(p: PersonSummary): string {
  const name = preferredName(p.names);
  return name ? nameText(name) : p.recordNumber;
}

export function FamilyPanel({ chart, onOpenPerson }: { chart: Chart; onOpenPerson: (personId: string) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const relationLabel = useRelationLabel();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<string | null>(null);
  const record = chart.person;
  const refresh = (otherId: string) => {
    void queryClient.invalidateQueries({ queryKey: chartKey(record.id) });
    void queryClient.invalidateQueries({ queryKey: chartKey(otherId) });
  };
  const unlink = useCall('person.unlink', {
    onSuccess: (_value, input) => {
      refresh(input.otherId);
      setRemoving(null);
    },
  });
  const links = record.person.family;
  const byId = new Map(chart.relatives.map((r) => [r.id, r]));
  const editable = can('person.link') && record.status === 'active';
  return (
    <details className="panel" open={links.length > 0} data-testid="family">
      <summary>{t('family.title', { count: links.length, defaultValue: 'Family and companions ({{count}})' })}</summary>
      {links.length === 0 && <p className="muted">{t('family.none', 'No family member or companion is linked to this record.')}</p>}
      {links.length > 0 && (
        <ul className="plain-list">
          {links.map((link) => {
            const relative = byId.get(link.personId);
            return (
              <li key={link.personId} data-testid="family-link">
                <span className="muted">{relationLabel(link.relation)}:</span>{' '}
                {relative ? (
                  <Button className="button link" onPress={() => onOpenPerson(relative.id)}>
                    <bdi>{summaryName(relative)}</bdi> · <bdi>{relative.recordNumber}</bdi>
                  </Button>
                ) : (
                  <span className="muted">{t('family.notHere', 'a record not in this centre')}</span>
                )}
                {editable && (
                  <Button
                    className="button small"
                    onPress={() => setRemoving(link.personId)}
                    aria-label={t('family.removeOf', { who: relative ? summaryName(relative) : link.personId, defaultValue: 'Remove the link to {{who}}' })}
                  >
                    {t('family.remove', 'Remove')}
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {editable && (
        <Button className="button small" onPress={() => setAdding(true)}>
          {t('family.add', 'Link a family member or companion')}
        </Button>
      )}
      <ModalDialog isOpen={adding} onClose={() => setAdding(false)} title={t('family.addTitle', 'Link a family member or companion')}>
        {adding && (
          <LinkForm
            personId={record.id}
            exclude={new Set([record.id, ...links.map((l) => l.personId)])}
            onDone={(otherId) => {
              refresh(otherId);
              setAdding(false);
            }}
          />
        )}
      </ModalDialog>
      <ConfirmDialog
        isOpen={removing !== null}
        title={t('family.removeTitle', 'Remove this link?')}
        message={t('family.removeMessage', 'The link is removed from both records. Both records keep the earlier version in their history.')}
        confirmLabel={t('family.remove', 'Remove')}
        danger
        pending={unlink.pending}
        error={<ErrorMessage error={unlink.error} />}
        onConfirm={() => removing && void unlink.run({ personId: record.id, otherId: removing })}
        onClose={() => setRemoving(null)}
      />
    </details>
  );
}

function LinkForm({ personId, exclude, onDone }: { personId: string; exclude: ReadonlySet<string>; onDone: (otherId: string) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const ageText = useAgeText();
  const relationLabel = useRelationLabel();
  const relationId = useId();
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<PersonSummary | null>(null);
  const [relation, setRelation] = useState<Relation>('sibling');
  const query = useDeferredValue(text.trim());
  const results = useQuery({
    queryKey: ['person.search', { text: query, limit: 10 }],
    enabled: query.length >= 2,
    queryFn: () => unwrap(client.call('person.search', { text: query, limit: 10 })),
  });
  const link = useCall('person.link', { onSuccess: (_v, input) => onDone(input.otherId) });
  const found = (results.data?.results ?? []).filter((r) => !exclude.has(r.id));
  return (
    <div className="form">
      <SearchField className="field" value={text} onChange={setText} autoFocus>
        <Label>{t('family.search', 'Find the person (name, number or identifier)')}</Label>
        <Input />
      </SearchField>
      <ErrorMessage error={toApiError(results.error)} />
      {query.length >= 2 && results.data && found.length === 0 && <p className="muted">{t('family.noMatch', 'Nobody found. Register the person first, then link them.')}</p>}
      {found.length > 0 && (
        <ul className="plain-list" role="listbox" aria-label={t('family.results', 'Persons found')}>
          {found.map((p) => (
            <li key={p.id} role="option" aria-selected={chosen?.id === p.id}>
              <Button className={`button link ${chosen?.id === p.id ? 'selected' : ''}`} onPress={() => setChosen(p)}>
                <bdi>{summaryName(p)}</bdi> · <bdi>{p.recordNumber}</bdi> · {ageText(p.birth)}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {chosen && (
        <>
          <div className="field">
            <label htmlFor={relationId}>{t('family.relationOf', { who: summaryName(chosen), defaultValue: '{{who}} is this person’s' })}</label>
            <select id={relationId} value={relation} onChange={(e) => setRelation(e.target.value as Relation)}>
              {RELATIONS.map((r) => (
                <option key={r} value={r}>
                  {relationLabel(r)}
                </option>
              ))}
            </select>
          </div>
          <ErrorMessage error={link.error} />
          <div className="form-actions">
            <Button className="button primary" isPending={link.pending} onPress={() => void link.run({ personId, otherId: chosen.id, relation })}>
              {t('family.save', 'Link')}
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
