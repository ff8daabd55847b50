import { act, fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { Availability } from '../../../protocol/availability-api.js';
import { renderPanel } from './render-panel.js';

/** A lazy chunk's first load is transformed on demand: on a busy machine, seconds. */
const LAZY = { timeout: 10_000 };

const WITH_DEPARTMENTS: Availability = {
  open: true,
  source: 'always',
  offlineForm: false,
  transcriptEmail: false,
  attachments: null,
  departments: [
    { id: 'sales', label: 'Sales' },
    { id: 'billing', label: 'Billing and invoices' },
  ],
};

async function panelWithDepartments(
  before?: (chat: Awaited<ReturnType<typeof renderPanel>>['chat']) => Promise<void>,
) {
  const view = await renderPanel();
  view.chat.submitPrechat = vi.fn(view.chat.submitPrechat);
  await act(async () => {
    await before?.(view.chat);
    view.chat.state.availability.value = WITH_DEPARTMENTS;
    view.chat.state.prechatDone.value = false;
  });
  return view;
}

describe('the department picker', () => {
  it('is a labelled, required choice in the pre-chat form; the choice is submitted', async () => {
    const { chat } = await panelWithDepartments();
    const picker = (await screen.findByRole('combobox', {
      name: 'Department',
    })) as HTMLSelectElement;
    await waitFor(() => expect(document.activeElement).toBe(picker));
    expect([...picker.options].map((option) => option.text)).toEqual([
      'Choose a department',
      'Sales',
      'Billing and invoices',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Start chat' }));
    expect(picker.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(picker.getAttribute('aria-describedby')!)?.textContent).toBe(
      'Please fill in this field.',
    );
    expect(chat.submitPrechat).not.toHaveBeenCalled();
    fireEvent.change(picker, { target: { value: 'billing' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start chat' }));
    expect(chat.submitPrechat).toHaveBeenCalledWith({}, false, 'billing');
  });

  it('starts on the page’s preselected department', async () => {
    await panelWithDepartments((chat) => chat.setDepartment('sales'));
    const picker = (await screen.findByRole('combobox', {
      name: 'Department',
    })) as HTMLSelectElement;
    expect(picker.value).toBe('sales');
  });

  it('is not offered when the page forced one', async () => {
    await panelWithDepartments((chat) => chat.setDepartment('sales', true));
    expect(await screen.findByRole('button', { name: 'Start chat' }, LAZY)).toBeTruthy();
    expect(screen.queryByRole('combobox')).toBeNull();
  });
});
