// Document entries <-> DocumentReference. The bytes travel separately (encrypted file store, transfer
// file): the attachment says what they are, how big, and their SHA-256. R4's Attachment.hash is a
// SHA-1 of the bytes, which Carnet does not keep, so only the SHA-256 extension is written.
import type { DocumentReference } from 'fhir/r4.js';
import { extValue } from './elements.ts';
import { entryBase, encounterRef, readEntry, subjectRef } from './entry-base.ts';
import { ENTERED_IN_ERROR } from './envelope.ts';
import { fail } from './errors.ts';
import { expectResource, nonEmptyArr, num, obj, optObj, single, str } from './read.ts';
import type { EntryRecordOf } from './records.ts';
import { EXT } from './systems.ts';

type DocumentRecord = EntryRecordOf<'document'>;

export function hexToBase64(hex: string): string {
  let binary = '';
  for (let i = 0; i < hex.length; i += 2) binary += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  return btoa(binary);
}

export function base64ToHex(base64: string): string {
  let binary: string;
  try {
    binary = atob(base64);
  } catch {
    return fail('invalid-element', `Attachment.extension('${EXT.sha256}').valueBase64Binary`);
  }
  return Array.from(binary, (ch) => ch.charCodeAt(0).toString(16).padStart(2, '0')).join('');
}

export function documentToFhir(record: DocumentRecord): DocumentReference {
  const { body, envelope } = record;
  const doc: DocumentReference = {
    resourceType: 'DocumentReference',
    ...entryBase(record),
    status: envelope.status === 'voided' ? ENTERED_IN_ERROR : 'current',
    subject: subjectRef(record),
    content: [
      {
        attachment: {
          contentType: body.mediaType,
          size: body.bytes,
          title: body.title,
          extension: [{ url: EXT.sha256, valueBase64Binary: hexToBase64(body.sha256) }],
        },
      },
    ],
  };
  const encounter = encounterRef(record);
  if (encounter !== undefined) doc.context = { encounter: [encounter] };
  return doc;
}

export function documentFromFhir(value: unknown, provenance: unknown): DocumentRecord {
  const d = expectResource(value, 'DocumentReference');
  const status = str(d.status, 'DocumentReference.status');
  if (status !== 'current' && status !== ENTERED_IN_ERROR) fail('unknown-code', 'DocumentReference.status');
  const contents = nonEmptyArr(d.content, 'DocumentReference.content');
  if (contents.length > 1) fail('unsupported-element', 'DocumentReference.content[1]');
  const path = 'DocumentReference.content[0].attachment';
  const attachment = obj(obj(contents[0], 'DocumentReference.content[0]').attachment, path);
  const sha = extValue(attachment, EXT.sha256, 'valueBase64Binary', path);
  if (sha === undefined) fail('missing-element', `${path}.extension('${EXT.sha256}')`);

  const body: Record<string, unknown> & { kind: 'document' } = {
    kind: 'document',
    title: str(attachment.title, `${path}.title`),
    mediaType: str(attachment.contentType, `${path}.contentType`),
    bytes: num(attachment.size, `${path}.size`),
    sha256: base64ToHex(str(sha, `${path}.extension('${EXT.sha256}').valueBase64Binary`)),
  };
  const context = optObj(d.context, 'DocumentReference.context');
  const encounter = single(context?.encounter, 'DocumentReference.context.encounter');
  return readEntry(d, { type: 'DocumentReference', subject: d.subject, subjectPath: 'DocumentReference.subject', encounter, encounterPath: 'DocumentReference.context.encounter[0]' }, provenance, status === ENTERED_IN_ERROR, body);
}
