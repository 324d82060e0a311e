// The release keys this copy of Carnet trusts. They are bundled into the main process (inside the
// integrity-checked ASAR archive), not shipped as a loose resource anyone could edit. A new key is
// added by `npm run release:keygen -- --trust`; an old one stays until no release signed by it is
// still offered. Empty: every update is refused until the release manager creates the key.
import { z } from '../api/zod.ts';
import data from './trusted-keys.json' with { type: 'json' };
import type { TrustedKey } from './signature.ts';

export const TrustedKeysFileSchema = z
  .object({
    keys: z.array(
      z
        .object({
          keyId: z.string().regex(/^[0-9a-f]{16}$/),
          publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
          comment: z.string().max(200).optional(),
        })
        .strict(),
    ),
  })
  .strict();

export const RELEASE_KEYS: readonly TrustedKey[] = TrustedKeysFileSchema.parse(data).keys;
