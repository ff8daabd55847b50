import type { HoursStrings } from './en.js';

const ru: HoursStrings = {
  closedUntil: (when: string) => `Сейчас мы закрыты. Снова откроемся: ${when}.`,
  closedNow: 'Сейчас никого нет на связи.',
  offlineIntro: 'Оставьте сообщение, и мы ответим по электронной почте.',
  offlineConsent: 'Я согласен(на), чтобы со мной связались по поводу этого сообщения.',
  offlineSend: 'Отправить сообщение',
  offlineWaiting:
    'Ваше сообщение сохранено здесь и будет отправлено, как только мы будем на связи.',
  offlineSent: 'Спасибо! Мы получили ваше сообщение и ответим по электронной почте.',
  fieldInvalid: 'Проверьте это поле.',
  department: 'Отдел',
  chooseDepartment: 'Выберите отдел',
  transcriptEmail: 'Отправить переписку на почту',
  transcriptSent: 'Переписка уже в пути к вашему почтовому ящику.',
  transcriptLimited: 'Слишком много запросов. Попробуйте позже.',
  transcriptFailed: 'Не удалось отправить переписку. Попробуйте ещё раз.',
};

export default ru;
