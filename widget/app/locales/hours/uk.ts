import type { HoursStrings } from './en.js';

const uk: HoursStrings = {
  closedUntil: (when: string) => `Зараз ми зачинені. Знову відкриємося: ${when}.`,
  closedNow: 'Зараз ніхто не на зв’язку.',
  offlineIntro: 'Залиште повідомлення, і ми відповімо електронною поштою.',
  offlineConsent: 'Я погоджуюся, щоб зі мною зв’язалися щодо цього повідомлення.',
  offlineSend: 'Надіслати повідомлення',
  offlineWaiting: 'Ваше повідомлення збережено тут і буде надіслано, щойно ми будемо на зв’язку.',
  offlineSent: 'Дякуємо! Ми отримали ваше повідомлення й відповімо електронною поштою.',
  fieldInvalid: 'Перевірте це поле.',
  department: 'Відділ',
  chooseDepartment: 'Виберіть відділ',
  transcriptEmail: 'Надіслати листування на пошту',
  transcriptSent: 'Листування вже прямує до вашої поштової скриньки.',
  transcriptLimited: 'Забагато запитів. Спробуйте пізніше.',
  transcriptFailed: 'Не вдалося надіслати листування. Спробуйте ще раз.',
};

export default uk;
