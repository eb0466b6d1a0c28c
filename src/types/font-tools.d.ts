declare module 'subset-font' {
  interface SubsetOptions {
    targetFormat?: 'sfnt' | 'truetype' | 'woff' | 'woff2';
    preserveNameIds?: number[];
    variationAxes?: Record<string, number | { min: number; max: number; default?: number }>;
    noLayoutClosure?: boolean;
  }
  function subsetFont(font: Buffer | Uint8Array, text: string, options?: SubsetOptions): Promise<Buffer>;
  export default subsetFont;
}

declare module 'wawoff2/decompress.js' {
  /** A WOFF2 font decoded to its sfnt (TrueType or OpenType) bytes. */
  function decompress(woff2: Uint8Array): Promise<Uint8Array>;
  export default decompress;
}
