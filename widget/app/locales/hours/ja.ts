import type { HoursStrings } from './en.js';

const ja: HoursStrings = {
  closedUntil: (when: string) => `ただいま営業時間外です。次の受付開始: ${when}`,
  closedNow: '現在対応できる担当者がいません。',
  offlineIntro: 'メッセージを残していただければ、メールでご返信します。',
  offlineConsent: 'このメッセージについて連絡を受けることに同意します。',
  offlineSend: 'メッセージを送信',
  offlineWaiting: 'メッセージはここに保存され、接続でき次第送信されます。',
  offlineSent: 'ありがとうございます。メッセージを受け付けました。メールでご返信します。',
  fieldInvalid: 'この項目を確認してください。',
  department: '部署',
  chooseDepartment: '部署を選択してください',
  transcriptEmail: 'チャット履歴をメールで送信',
  transcriptSent: 'チャット履歴をメールで送信しています。',
  transcriptLimited: 'リクエストが多すぎます。しばらくしてからお試しください。',
  transcriptFailed: 'チャット履歴を送信できませんでした。もう一度お試しください。',
};

export default ja;
