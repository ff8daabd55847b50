import type { CardSubmit } from '../../protocol/events.js';

/**
 * How a visitor's card answer reaches 8x8 on the Chat Gateway. 8x8 documents two
 * things and no more:
 * - the `adaptiveCard/action` ACTIVITY its WebChat emits: `value` is
 *   `{"type":"Action.Submit","data":{…}}` (the submitted inputs);
 * - `PUT …/cards/{cardId}/action-submit` with `{"name":"8x8"}` (G33): 204, sets
 *   the card's `actionSubmitted` and "sends an activity notification". It is
 *   documented under `https://api.8x8.com/api/v1/tenant/{tenantId}/…`, outside
 *   `/chat-gateway/v1`, which may be a doc error [UNCONFIRMED]: both are tried,
 *   the documented one first.
 * There is no endpoint that posts an activity, and the SendMessage body has no
 * field for one; a message's `cards` are its one structured field (as for a
 * quick reply, chat-gateway.ts). So the answer is a user message whose text says
 * what was chosen (what an agent reads) and whose one card is the activity's
 * `value` verbatim (what a bot reads), then the action-submit when 8x8 gave the
 * card an id. [UNCONFIRMED] how Agent Workspace draws that card.
 */
export function submittedCard(submit: CardSubmit) {
  return {
    contentType: 'application/vnd.microsoft.card.adaptive',
    content: { type: submit.type, data: submit.data },
  };
}

/** The body of the action-submit call, as documented. */
export const ACTION_SUBMIT_BODY = { name: '8x8' };

/** The action-submit URLs, the documented one first. */
export function actionSubmitUrls(
  baseUrl: string,
  tenantId: string | undefined,
  upstreamId: string,
  cardId: string,
): string[] {
  const base = baseUrl.replace(/\/+$/, '');
  const tail = `/conversations/${encodeURIComponent(upstreamId)}/cards/${encodeURIComponent(cardId)}/action-submit`;
  return [
    ...(tenantId ? [`${base}/api/v1/tenant/${encodeURIComponent(tenantId)}${tail}`] : []),
    `${base}/chat-gateway/v1${tail}`,
  ];
}
