import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../wailsjs/go/main/App', () => ({ AppInfo: vi.fn() }));
vi.mock('../wailsjs/runtime/runtime', () => ({
  WindowSetTitle: vi.fn(),
  EventsEmit: vi.fn(),
  EventsOn: vi.fn(),
  EventsOff: vi.fn(),
}));

import * as Bound from '../wailsjs/go/main/App';
import * as Runtime from '../wailsjs/runtime/runtime';
import App from './App';

const info = {
  version: '1.2.3',
  commit: 'abc1234',
  date: '2026-11-25',
  platform: 'linux/amd64',
  dataDir: '/home/u/.config/meshdesk',
  logFile: '/home/u/.local/state/meshdesk/logs/meshdesk.log',
  profile: 'Demo',
};

describe('App shell', () => {
  beforeEach(() => {
    (window as { runtime?: object }).runtime = {};
  });
  afterEach(() => {
    cleanup();
    delete (window as { runtime?: object }).runtime;
    vi.mocked(Bound.AppInfo).mockReset();
    vi.mocked(Runtime.WindowSetTitle).mockReset();
    vi.mocked(Runtime.EventsEmit).mockReset();
  });

  it('sets the title from the active profile and signals the first render', async () => {
    vi.mocked(Bound.AppInfo).mockResolvedValue(info);
    render(<App />);
    await waitFor(() => expect(Runtime.WindowSetTitle).toHaveBeenCalledWith('Mesh Desk — Demo'));
    expect(document.title).toBe('Mesh Desk — Demo');
    expect(Runtime.EventsEmit).toHaveBeenCalledTimes(1);
    expect(Runtime.EventsEmit).toHaveBeenCalledWith('app:first-render', {
      ok: true,
      title: 'Mesh Desk — Demo',
      profile: 'Demo',
    });
    expect((await screen.findByTestId('profile')).textContent).toContain('Demo');
  });

  it('shows the error and signals failure when Go rejects AppInfo', async () => {
    vi.mocked(Bound.AppInfo).mockRejectedValue('find the data folder: $HOME is not defined');
    render(<App />);
    expect((await screen.findByRole('alert')).textContent).toContain('find the data folder: $HOME is not defined');
    expect(Runtime.WindowSetTitle).toHaveBeenCalledWith('Mesh Desk');
    expect(Runtime.EventsEmit).toHaveBeenCalledWith('app:first-render', {
      ok: false,
      title: 'Mesh Desk',
      error: 'find the data folder: $HOME is not defined',
    });
  });

  it('switches sections from the sidebar', async () => {
    vi.mocked(Bound.AppInfo).mockResolvedValue(info);
    render(<App />);
    expect((screen.getByRole('heading', { level: 1 })).textContent).toContain('Accounts');
    for (const name of ['Connect', 'Transfers', 'Settings', 'Accounts']) {
      fireEvent.click(screen.getByRole('button', { name }));
      expect((screen.getByRole('heading', { level: 1 })).textContent).toContain(name);
      expect(screen.getByRole('button', { name }).getAttribute('aria-current')).toBe('page');
    }
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    expect(await screen.findByText(info.dataDir)).toBeDefined();
  });

  it('Ctrl-K from another section opens Transfers with the quick-find box focused', async () => {
    vi.mocked(Bound.AppInfo).mockResolvedValue(info);
    render(<App />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('Accounts');
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('Transfers');
    expect(document.activeElement).toBe(screen.getByTestId('search'));
    // Opened from the sidebar later, Transfers leaves the focus alone.
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    fireEvent.click(screen.getByRole('button', { name: 'Transfers' }));
    expect(document.activeElement).not.toBe(screen.getByTestId('search'));
  });

  it('works outside Wails: no runtime, only the document title', async () => {
    delete (window as { runtime?: object }).runtime;
    vi.mocked(Bound.AppInfo).mockResolvedValue(info);
    render(<App />);
    await waitFor(() => expect(document.title).toBe('Mesh Desk — Demo'));
    expect(Runtime.WindowSetTitle).not.toHaveBeenCalled();
    expect(Runtime.EventsEmit).not.toHaveBeenCalled();
  });
});
