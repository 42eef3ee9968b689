// Languages offered in the posting form (any valid code is accepted through the API and imports).
export const LANGUAGES: [code: string, name: string][] = [
  ['en', 'English'], ['ar', 'العربية'], ['bg', 'Български'], ['ca', 'Català'], ['cs', 'Čeština'], ['da', 'Dansk'],
  ['de', 'Deutsch'], ['el', 'Ελληνικά'], ['es', 'Español'], ['fa', 'فارسی'], ['fi', 'Suomi'], ['fil', 'Filipino'],
  ['fr', 'Français'], ['he', 'עברית'], ['hi', 'हिन्दी'], ['hu', 'Magyar'], ['id', 'Bahasa Indonesia'], ['it', 'Italiano'],
  ['ja', '日本語'], ['ko', '한국어'], ['nl', 'Nederlands'], ['no', 'Norsk'], ['pl', 'Polski'], ['pt-BR', 'Português brasileiro'],
  ['pt-PT', 'Português europeu'], ['ro', 'Română'], ['ru', 'Русский'], ['sv', 'Svenska'], ['th', 'ไทย'], ['tr', 'Türkçe'],
  ['uk', 'Українська'], ['vi', 'Tiếng Việt'], ['zh', '中文'],
];

export const languageName = (code: string): string => LANGUAGES.find(([c]) => c === code)?.[1] ?? code;

const RTL = new Set(['ar', 'fa', 'he', 'ur', 'yi']);
export const languageDirection = (code: string): 'rtl' | 'ltr' => (RTL.has(code.split('-')[0]!) ? 'rtl' : 'ltr');
