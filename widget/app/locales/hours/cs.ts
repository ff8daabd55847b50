import type { HoursStrings } from './en.js';

const cs: HoursStrings = {
  closedUntil: (when: string) => `Nyní máme zavřeno. Znovu otevíráme: ${when}.`,
  closedNow: 'Nikdo teď není k dispozici.',
  offlineIntro: 'Zanechte nám zprávu a odpovíme e-mailem.',
  offlineConsent: 'Souhlasím s tím, že mě budete kontaktovat ohledně této zprávy.',
  offlineSend: 'Odeslat zprávu',
  offlineWaiting: 'Vaše zpráva je uložena a odešle se, jakmile budeme dostupní.',
  offlineSent: 'Děkujeme! Vaši zprávu máme a odpovíme e-mailem.',
  fieldInvalid: 'Zkontrolujte toto pole.',
  department: 'Oddělení',
  chooseDepartment: 'Vyberte oddělení',
  transcriptEmail: 'Poslat přepis e-mailem',
  transcriptSent: 'Přepis je na cestě do vaší schránky.',
  transcriptLimited: 'Příliš mnoho požadavků. Zkuste to později.',
  transcriptFailed: 'Přepis se nepodařilo odeslat. Zkuste to znovu.',
};

export default cs;
