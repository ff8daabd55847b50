import type { FunctionComponent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * A part of the panel in its own chunk (the pre-chat form, the end confirm, the
 * ended state): most page views never show it, so the first open does not pay
 * for it. Once it arrives, its [data-autofocus] element takes focus if the panel
 * is showing, as the panel's own focus rule would have done (ChatPanel.tsx).
 */
export function Lazy({ load }: { load: () => Promise<FunctionComponent> }) {
  const [View, setView] = useState<FunctionComponent | undefined>(undefined);
  const anchor = useRef<HTMLSpanElement>(null);
  const panel = useRef<HTMLElement | null>(null);
  useEffect(() => {
    // Found while the placeholder is there: it is gone once the view arrives.
    panel.current = anchor.current?.closest<HTMLElement>('.panel') ?? null;
    void load().then((view) => setView(() => view));
  }, []);
  useEffect(() => {
    const shown = panel.current && !panel.current.hidden ? panel.current : undefined;
    if (View) shown?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, [View]);
  return View ? <View /> : <span ref={anchor} hidden />;
}
