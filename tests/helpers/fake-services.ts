import { vi } from 'vitest';
import type { AccessControl, Services } from '../../src/host/services.ts';
import type { Role, User } from '../../src/api/schemas/store.ts';

const user: User = { id: 'u1', username: 'amina', displayName: 'Amina', role: 'admin', disabled: false, createdAt: '2026-01-01T00:00:00.000Z' };
const session = { state: 'open' as const, user };
const settings = { idleLockMinutes: 10, backupFolder: null, backupDaily: false, backupKeep: 14, reportThreshold: 5 };
const stamp = {
  id: '01900000-0000-7000-8000-000000000001',
  siteId: 'site',
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'u1',
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: 'u1',
};
const personRecord = {
  ...stamp,
  recordNumber: 'RS-KRN-2026-00001',
  status: 'active' as const,
  person: {
    names: [{ given: 'Amina', family: 'Yusuf', script: 'Latn' as const, source: 'document' as const, preferred: true }],
    identifiers: [],
    birth: { kind: 'date' as const, date: '1990-05-01' },
    sex: 'female' as const,
    languages: [],
    legalStatus: 'unknown' as const,
    family: [],
    unaccompaniedMinor: false,
  },
};
const episodeRecord = {
  ...stamp,
  personId: stamp.id,
  status: 'active' as const,
  episode: { type: 'follow-up' as const, date: '2026-01-01', mediatorPresent: false },
};
const entryRecord = {
  ...stamp,
  personId: stamp.id,
  episodeId: stamp.id,
  status: 'active' as const,
  body: { kind: 'medication' as const, name: 'Paracetamol', status: 'given' as const },
};
const TRANSFER_ID = '0192f1c0-0000-7000-8000-000000000001';
const siteIdentity = {
  siteId: 'site-1',
  name: 'Krnjača',
  country: 'RS',
  configured: true,
  signingKeyId: 'k1',
  encryptionKeyId: 'k2',
  fingerprint: '1234 5678 1234 5678 1234 5678 1234 5678',
  card: 'a.b.c',
  createdAt: '2026-01-01T00:00:00.000Z',
  certificate: { status: 'none' as const },
  authority: null,
  trustList: null,
  pairedSites: 0,
};
const trustedSite = { siteId: 'site-2', name: 'Lesvos', country: 'GR', fingerprint: '1234', source: 'paired' as const, status: 'valid' as const };
const zeroCounts = { new: 0, updated: 0, unchanged: 0, older: 0 };
const importPreview = {
  importId: TRANSFER_ID,
  expiresAt: '2026-01-01T00:30:00.000Z',
  transferId: TRANSFER_ID,
  createdAt: '2026-01-01T00:00:00.000Z',
  alreadyImported: false,
  sender: { siteId: 'site-2', name: 'Lesvos', country: 'GR', fingerprint: '1234', source: 'paired' as const },
  openedBy: 'site' as const,
  totals: { persons: zeroCounts, episodes: zeroCounts, entries: zeroCounts, documents: 0, conflicts: 0, duplicates: 0 },
  persons: [],
};
const backup = { file: '/b/carnet.carnetdb', bytes: 1, createdAt: '2026-01-01T00:00:00.000Z', verified: true };
const updateStatus = {
  currentVersion: '0.1.0',
  canInstall: false,
  canPickFolder: false,
  feedUrl: null,
  feedUrlIsSetting: false,
  state: 'idle' as const,
  source: null,
  folder: null,
  update: null,
  progress: null,
  error: null,
  lastCheckedAt: null,
};

/** Services whose every method is a spy returning valid contract output. */
export function fakeServices() {
  const services = {
    app: {
      info: vi.fn(async () => ({
        name: 'Carnet',
        version: '0.0.0-test',
        mode: 'cli' as const,
        languages: [{ code: 'en' as const, nativeName: 'English', dir: 'ltr' as const, ui: true }],
        storeReady: false,
      })),
    },
    settings: {
      get: vi.fn(async () => ({ uiLanguage: null })),
      set: vi.fn(async () => ({ uiLanguage: 'el' as const })),
    },
    session: {
      get: vi.fn(async () => session),
      login: vi.fn(async () => session),
      lock: vi.fn(async () => ({ state: 'locked' as const })),
      touch: vi.fn(async () => ({})),
      recover: vi.fn(async () => session),
      changePassword: vi.fn(async () => ({})),
    },
    setup: {
      createCentre: vi.fn(async () => ({ session, recoveryKey: 'ABCD-EFGH' })),
      confirmRecovery: vi.fn(async () => session),
    },
    users: {
      list: vi.fn(async () => [user]),
      add: vi.fn(async () => user),
      resetPassword: vi.fn(async () => user),
      setDisabled: vi.fn(async () => user),
    },
    centre: {
      getSettings: vi.fn(async () => settings),
      setSettings: vi.fn(async () => settings),
      rotateKey: vi.fn(async () => ({ keyVersion: 2 })),
    },
    audit: {
      list: vi.fn(async () => ({ entries: [], total: 0 })),
      verify: vi.fn(async () => ({ intact: true, rows: 0, firstBadSeq: null, problem: null })),
    },
    backup: {
      create: vi.fn(async () => backup),
      list: vi.fn(async () => [backup]),
      restore: vi.fn(async () => ({ state: 'locked' as const })),
      runIfDue: vi.fn(async () => undefined),
    },
    record: {
      register: vi.fn(async () => personRecord),
      update: vi.fn(async () => personRecord),
      voidPerson: vi.fn(async () => personRecord),
      chart: vi.fn(async () => ({ person: personRecord, merged: [], episodes: [episodeRecord], entries: [entryRecord], relatives: [] })),
      history: vi.fn(async () => ({ versions: [] })),
      createEpisode: vi.fn(async () => episodeRecord),
      updateEpisode: vi.fn(async () => episodeRecord),
      voidEpisode: vi.fn(async () => episodeRecord),
      addEntries: vi.fn(async () => [entryRecord]),
      updateEntry: vi.fn(async () => entryRecord),
      voidEntry: vi.fn(async () => entryRecord),
      search: vi.fn(async () => ({ results: [], total: 0, more: false })),
      checkDuplicates: vi.fn(async () => ({ candidates: [] })),
      listDuplicates: vi.fn(async () => ({ pairs: [] })),
      merge: vi.fn(async () => personRecord),
      unmerge: vi.fn(async () => personRecord),
      saveDraft: vi.fn(async () => ({})),
      getDraft: vi.fn(async () => ({ draft: null })),
      discardDraft: vi.fn(async () => ({})),
      link: vi.fn(async () => personRecord),
      unlink: vi.fn(async () => personRecord),
      stats: vi.fn(async () => ({ persons: 1, episodes: 1 })),
    },
    demo: {
      fill: vi.fn(async () => ({ persons: 1, episodes: 1, entries: 3 })),
    },
    site: {
      identity: vi.fn(async () => siteIdentity),
      ensureIdentity: vi.fn(async () => siteIdentity),
      setAuthority: vi.fn(async () => siteIdentity),
      importCertificate: vi.fn(async () => siteIdentity),
      importTrustList: vi.fn(async () => ({ sequence: 2, certificates: 3, revocations: 0, certificateAdopted: true })),
      pair: vi.fn(async () => trustedSite),
      unpair: vi.fn(async () => ({})),
      trustedSites: vi.fn(async () => ({ sites: [trustedSite] })),
    },
    booklet: {
      print: vi.fn(async () => ({ name: 'b.pdf', data: 'JVBERg==', languages: ['el', 'ar'] as ['el', 'ar'] })),
      batch: vi.fn(async () => ({ path: '/tmp/b.pdf', persons: 2, pages: 8, bytes: 1000 })),
      cancel: vi.fn(async () => ({})),
      printWindow: vi.fn(async () => ({ handled: false })),
      readQr: vi.fn(async () => ({ texts: ['CB1:x'] })),
      verifyQr: vi.fn(async () => ({ status: 'untrusted' as const, reason: 'unknown-site' as const })),
      importQr: vi.fn(async () => ({ episodeId: null, added: { allergies: 0, immunizations: 0, problems: 0 }, alreadyKnown: 0 })),
    },
    ocr: {
      read: vi.fn(async () => ({ rows: [], pages: [{ page: 1, width: 2480, height: 3508 }], languages: 'eng' })),
      cancel: vi.fn(async () => ({})),
      confirm: vi.fn(async () => ({ episodeId: '00000000-0000-4000-8000-000000000001', saved: 1 })),
      // Not a method: the core closing.
      close: async () => undefined,
    },
    reports: {
      use: vi.fn(async () => ({ kind: 'use' as const, filters: { from: '2026-01-01', to: '2026-01-31' }, threshold: 5, tables: [] })),
      health: vi.fn(async () => ({ kind: 'health' as const, filters: { from: '2026-01-01', to: '2026-01-31' }, threshold: 5, tables: [] })),
      pdf: vi.fn(async () => ({ name: 'r.pdf', data: 'JVBERg==' })),
      aggregate: vi.fn(async () => ({ name: 'r.jws', data: 'a.b.c' })),
    },
    transfer: {
      export: vi.fn(async () => ({ transferId: TRANSFER_ID, path: '/media/usb/x.carnet', persons: 1, episodes: 1, entries: 1, documents: 0, bytes: 1, sha256: 'ab' })),
      inspect: vi.fn(async () => importPreview),
      apply: vi.fn(async () => ({
        transferId: TRANSFER_ID,
        alreadyImported: false,
        persons: { created: 1, updated: 0, linked: 0 },
        episodes: { created: 1, updated: 0 },
        entries: { created: 1, updated: 0 },
        documents: 0,
        conflictsResolved: 0,
      })),
      discard: vi.fn(async () => ({})),
      ips: vi.fn(async () => ({ bundle: { resourceType: 'Bundle' as const, type: 'document' as const } })),
      cancel: vi.fn(async () => ({})),
      pickFile: vi.fn(async () => ({ path: '/media/usb/x.carnet' })),
    },
    documents: {
      begin: vi.fn(async () => ({ uploadId: '5f0c7a53-6d3b-4a47-9a51-0b0f6b7c1c11', chunkBytes: 1024 * 1024 })),
      chunk: vi.fn(async () => ({ received: 1 })),
      finish: vi.fn(async () => entryRecord),
      cancel: vi.fn(async () => ({})),
      read: vi.fn(async () => ({ data: '', total: 1, mediaType: 'image/png' })),
    },
    updates: {
      status: vi.fn(async () => updateStatus),
      check: vi.fn(async () => updateStatus),
      download: vi.fn(async () => updateStatus),
      installOnRestart: vi.fn(async () => ({})),
      pickFolder: vi.fn(async () => ({ folder: null })),
      fromFolder: vi.fn(async () => updateStatus),
      setFeedUrl: vi.fn(async () => updateStatus),
    },
  } satisfies Services;
  // Method spies only (ocr.close is the core's shutdown, not a method).
  const allSpies = Object.values(services).flatMap((group) => Object.values(group)).filter((f) => vi.isMockFunction(f));
  return { services, allSpies };
}

/** Access control with a fixed logged-in role (or nobody), recording refusals. */
export function fakeAccess(role: Role | null) {
  const denied: string[] = [];
  const access: AccessControl = {
    currentUser: () => (role ? { ...user, role } : null),
    activity: vi.fn(),
    denied: (method) => void denied.push(method),
  };
  return { access, denied };
}
