import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Sidebar, accessKeys, sections } from './Sidebar';

afterEach(cleanup);

describe('accessKeys', () => {
  it('gives each section the first free letter of its label', () => {
    expect(Object.fromEntries(accessKeys(sections))).toEqual({
      accounts: 'a',
      connect: 'c',
      journeys: 'n',
      transfers: 't',
      treasury: 'r',
      settings: 's',
    });
  });

  it('skips taken letters and labels with none left', () => {
    const keys = accessKeys([
      { id: 'a', label: 'Ab' },
      { id: 'b', label: 'Ba' },
      { id: 'c', label: 'ab' },
      { id: 'd', label: '12' },
    ]);
    expect(Object.fromEntries(keys)).toEqual({ a: 'a', b: 'b' });
  });
});

describe('Sidebar shortcuts', () => {
  const cases: { name: string; init: KeyboardEventInit; want?: string }[] = [
    { name: 'Alt+T opens Transfers', init: { altKey: true, code: 'KeyT', key: 't' }, want: 'transfers' },
    { name: 'Alt+R opens Treasury', init: { altKey: true, code: 'KeyR', key: 'r' }, want: 'treasury' },
    { name: 'Alt+S by key alone', init: { altKey: true, key: 's' }, want: 'settings' },
    { name: 'Alt with a composed key still uses the code', init: { altKey: true, code: 'KeyN', key: '˜' }, want: 'journeys' },
    { name: 'plain T types', init: { code: 'KeyT', key: 't' } },
    { name: 'Ctrl+Alt+T is not ours', init: { altKey: true, ctrlKey: true, code: 'KeyT', key: 't' } },
    { name: 'Alt+Shift+T is not ours', init: { altKey: true, shiftKey: true, code: 'KeyT', key: 'T' } },
    { name: 'Alt+Z has no section', init: { altKey: true, code: 'KeyZ', key: 'z' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const onSelect = vi.fn();
      render(<Sidebar current="accounts" onSelect={onSelect} />);
      const ev = new KeyboardEvent('keydown', { ...c.init, bubbles: true, cancelable: true });
      window.dispatchEvent(ev);
      if (c.want) {
        expect(onSelect).toHaveBeenCalledWith(c.want);
        expect(ev.defaultPrevented).toBe(true);
      } else {
        expect(onSelect).not.toHaveBeenCalled();
        expect(ev.defaultPrevented).toBe(false);
      }
    });
  }

  it('names each shortcut on its button and still selects by click', () => {
    const onSelect = vi.fn();
    render(<Sidebar current="transfers" onSelect={onSelect} />);
    const b = screen.getByRole('button', { name: 'Transfers' });
    expect(b.getAttribute('aria-keyshortcuts')).toBe('Alt+T');
    expect(b.getAttribute('aria-current')).toBe('page');
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    expect(onSelect).toHaveBeenCalledWith('settings');
  });

  it('leaves Option+letter to a text field on macOS, not elsewhere', () => {
    const onSelect = vi.fn();
    render(
      <>
        <Sidebar current="accounts" onSelect={onSelect} />
        <input aria-label="field" />
      </>,
    );
    const field = screen.getByRole('textbox', { name: 'field' });
    vi.spyOn(navigator, 'platform', 'get').mockReturnValue('MacIntel');
    field.dispatchEvent(new KeyboardEvent('keydown', { altKey: true, code: 'KeyT', key: '†', bubbles: true }));
    expect(onSelect).not.toHaveBeenCalled();
    window.dispatchEvent(new KeyboardEvent('keydown', { altKey: true, code: 'KeyT', key: '†' }));
    expect(onSelect).toHaveBeenCalledWith('transfers');
    vi.spyOn(navigator, 'platform', 'get').mockReturnValue('Linux x86_64');
    field.dispatchEvent(new KeyboardEvent('keydown', { altKey: true, code: 'KeyS', key: 's', bubbles: true }));
    expect(onSelect).toHaveBeenLastCalledWith('settings');
  });

  it('stops listening when unmounted', () => {
    const onSelect = vi.fn();
    const { unmount } = render(<Sidebar current="accounts" onSelect={onSelect} />);
    unmount();
    window.dispatchEvent(new KeyboardEvent('keydown', { altKey: true, code: 'KeyT', key: 't' }));
    expect(onSelect).not.toHaveBeenCalled();
  });
});
