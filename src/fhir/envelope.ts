// The envelope on the FHIR side. On the resource: id, meta.versionId, meta.lastUpdated, the creation
// time and the void reason as extensions, and entered-in-error as the status of a voided entry. Who
// wrote the version, and where, travels in its Provenance (provenance.ts).
import type { Element, Extension, Meta } from 'fhir/r4.js';
import type { Envelope } from '../domain/envelope.ts';
import { extValue } from './elements.ts';
import { fail } from './errors.ts';
import { isObject, obj, str, type Json } from './read.ts';
import { provenanceFromFhir } from './provenance.ts';
import { EXT } from './systems.ts';

export const ENTERED_IN_ERROR = 'entered-in-error';

export function metaOf(envelope: Envelope): Meta {
  return { versionId: String(envelope.version), lastUpdated: envelope.updatedAt };
}

/** The envelope's extensions on the resource: when the record was first created, and why it was voided. */
export function envelopeExtensions(envelope: Envelope): Extension[] {
  const extensions: Extension[] = [{ url: EXT.recordCreated, valueDateTime: envelope.createdAt }];
  if (envelope.voidReason !== undefined) extensions.push({ url: EXT.voidReason, valueString: envelope.voidReason });
  return extensions;
}

/**
 * A status element that becomes entered-in-error when the entry is voided. Where that status also
 * carried a domain value (a medication's status, a consent's decision), the code it held goes in a
 * pre-void-code extension on the same element, so nothing is lost.
 */
export function voidableCode(envelope: Envelope, code: string): { code: string; element?: Element } {
  if (envelope.status !== 'voided') return { code };
  return { code: ENTERED_IN_ERROR, element: { extension: [{ url: EXT.preVoidCode, valueCode: code }] } };
}

/** Reads a status written by voidableCode: whether it is voided, and the code it stands for. */
export function readVoidableCode(code: string, element: unknown, path: string): { voided: boolean; code: string | undefined } {
  if (code !== ENTERED_IN_ERROR) return { voided: false, code };
  if (element !== undefined && !isObject(element)) fail('malformed', path);
  const before = extValue(element, EXT.preVoidCode, 'valueCode', path);
  return { voided: true, code: before === undefined ? undefined : str(before, `${path}.extension('${EXT.preVoidCode}').valueCode`) };
}

export interface ResourceEnvelope {
  id: string;
  version: number;
  updatedAt: string;
  createdAt: string;
  voidReason: string | undefined;
}

/** What the resource itself says of its envelope; site and author come from the Provenance. */
export function readResourceEnvelope(resource: Json, path: string): ResourceEnvelope {
  const id = str(resource.id, `${path}.id`);
  const meta = obj(resource.meta, `${path}.meta`);
  const versionId = str(meta.versionId, `${path}.meta.versionId`);
  if (!/^[1-9][0-9]{0,8}$/.test(versionId)) fail('invalid-element', `${path}.meta.versionId`);
  const created = extValue(resource, EXT.recordCreated, 'valueDateTime', path);
  if (created === undefined) fail('missing-element', `${path}.extension('${EXT.recordCreated}')`);
  const reason = extValue(resource, EXT.voidReason, 'valueString', path);
  return {
    id,
    version: Number(versionId),
    updatedAt: str(meta.lastUpdated, `${path}.meta.lastUpdated`),
    createdAt: str(created, `${path}.extension('${EXT.recordCreated}').valueDateTime`),
    voidReason: reason === undefined ? undefined : str(reason, `${path}.extension('${EXT.voidReason}').valueString`),
  };
}

/** The envelope from the resource's part, the Provenance's part, and the status the resource module read. */
export function assembleEnvelope(own: ResourceEnvelope, by: { siteId: string; authorId: string }, voided: boolean): Envelope {
  const envelope: Envelope = {
    id: own.id,
    siteId: by.siteId,
    authorId: by.authorId,
    createdAt: own.createdAt,
    updatedAt: own.updatedAt,
    version: own.version,
    status: voided ? 'voided' : 'active',
  };
  if (own.voidReason !== undefined) envelope.voidReason = own.voidReason;
  return envelope;
}

/** The whole envelope of a resource: its own part, and site and author from its Provenance. */
export function readEnvelope(resource: Json, type: string, provenance: unknown, voided: boolean): Envelope {
  const own = readResourceEnvelope(resource, type);
  const by = provenanceFromFhir(provenance, { type, id: own.id, version: own.version, updatedAt: own.updatedAt });
  return assembleEnvelope(own, by, voided);
}
