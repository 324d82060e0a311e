// pdfjs-dist ships no types for its stand-alone image decoders; these are the parts decode.ts uses.
declare module 'pdfjs-dist/image_decoders/pdf.image_decoders.mjs' {
  export class JpegImage {
    width: number;
    height: number;
    numComponents: number;
    parse(data: Uint8Array): void;
    getData(options: { width: number; height: number; forceRGB?: boolean; forceRGBA?: boolean }): Uint8Array | Uint8ClampedArray;
  }
  export const VerbosityLevel: { readonly ERRORS: 0; readonly WARNINGS: 1; readonly INFOS: 5 };
  export function setVerbosityLevel(level: number): void;
}
