// Serbian is written in two scripts with an exact letter-for-letter correspondence, so sr-Latn text
// is derived from sr (Cyrillic) rather than translated twice.
const MAP: Record<string, string> = {
  А: 'A', Б: 'B', В: 'V', Г: 'G', Д: 'D', Ђ: 'Đ', Е: 'E', Ж: 'Ž', З: 'Z', И: 'I', Ј: 'J', К: 'K', Л: 'L', Љ: 'Lj', М: 'M', Н: 'N', Њ: 'Nj',
  О: 'O', П: 'P', Р: 'R', С: 'S', Т: 'T', Ћ: 'Ć', У: 'U', Ф: 'F', Х: 'H', Ц: 'C', Ч: 'Č', Џ: 'Dž', Ш: 'Š',
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', ђ: 'đ', е: 'e', ж: 'ž', з: 'z', и: 'i', ј: 'j', к: 'k', л: 'l', љ: 'lj', м: 'm', н: 'n', њ: 'nj',
  о: 'o', п: 'p', р: 'r', с: 's', т: 't', ћ: 'ć', у: 'u', ф: 'f', х: 'h', ц: 'c', ч: 'č', џ: 'dž', ш: 'š',
};
const DIGRAPH_CAPS: Record<string, string> = { Љ: 'LJ', Њ: 'NJ', Џ: 'DŽ' };

export function serbianCyrillicToLatin(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    const next = text[i + 1];
    // Љ before another capital is part of an all-caps word: LJUBAV, not LjUBAV.
    if (DIGRAPH_CAPS[char] && next !== undefined && next === next.toUpperCase() && next !== next.toLowerCase()) out += DIGRAPH_CAPS[char];
    else out += MAP[char] ?? char;
  }
  return out;
}
