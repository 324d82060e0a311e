// zod 4 compiles parsers with `new Function`, which the renderer's CSP (script-src 'self') forbids.
// Every module that parses with zod imports `z` from here so the setting is applied before any schema
// is built, in every process.
import { z } from 'zod';

z.config({ jitless: true });

export { z };
