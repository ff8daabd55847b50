import { describe, expect, it } from 'vitest';
import type { Deliveries, Delivery } from '../../server/store/deliveries.js';

/**
 * What every Deliveries implementation must do (memory, SQLite, Redis): `open`
 * gives one on empty data, `reopen` a second handle on the same data as a
 * restarted process would get (the memory one has none).
 */
export interface DeliveriesFactory {
  open(): Promise<{ deliveries: Deliveries; reopen?: () => Promise<Deliveries> }>;
}

const delivery = (id: string, patch: Partial<Delivery> = {}): Delivery => ({
  id,
  kind: 'offline-message',
  payload: JSON.stringify({ id }),
  createdAt: 1000,
  status: 'pending',
  attempts: 0,
  nextAttemptAt: 1000,
  ...patch,
});

export function deliveriesBehaviour(name: string, factory: DeliveriesFactory) {
  describe(`${name}: deliveries`, () => {
    it('keeps the first of two adds with one id', async () => {
      const { deliveries } = await factory.open();
      expect(await deliveries.add(delivery('a', { payload: '"first"' }))).toBe(true);
      expect(await deliveries.add(delivery('a', { payload: '"second"' }))).toBe(false);
      expect((await deliveries.get('a'))?.payload).toBe('"first"');
      expect(await deliveries.pending()).toBe(1);
    });

    it('answers only pending, due items, oldest first, within the limit', async () => {
      const { deliveries } = await factory.open();
      await deliveries.add(delivery('late', { createdAt: 3, nextAttemptAt: 5000 }));
      await deliveries.add(delivery('second', { createdAt: 2 }));
      await deliveries.add(delivery('first', { createdAt: 1 }));
      await deliveries.add(delivery('third', { createdAt: 4 }));
      expect((await deliveries.due(2000, 10)).map((item) => item.id)).toEqual([
        'first',
        'second',
        'third',
      ]);
      expect((await deliveries.due(2000, 2)).map((item) => item.id)).toEqual(['first', 'second']);
    });

    it('reschedules a pending item and stops offering a settled one', async () => {
      const { deliveries } = await factory.open();
      await deliveries.add(delivery('a'));
      await deliveries.reschedule('a', { attempts: 1, nextAttemptAt: 9000, reason: 'SMTP down' });
      expect(await deliveries.due(2000, 10)).toEqual([]);
      expect(await deliveries.get('a')).toMatchObject({ attempts: 1, reason: 'SMTP down' });
      await deliveries.settle('a', { status: 'delivered', attempts: 2 });
      expect(await deliveries.due(99_999, 10)).toEqual([]);
      expect(await deliveries.pending()).toBe(0);
      // A late reschedule (a worker that lost a race) does not bring it back.
      await deliveries.reschedule('a', { attempts: 3, nextAttemptAt: 0 });
      expect(await deliveries.get('a')).toMatchObject({ status: 'delivered', attempts: 2 });
    });

    it('keeps pending items across a restart', async () => {
      const { deliveries, reopen } = await factory.open();
      if (!reopen) return;
      await deliveries.add(delivery('kept'));
      const again = await reopen();
      expect((await again.due(2000, 10)).map((item) => item.id)).toEqual(['kept']);
    });
  });
}
