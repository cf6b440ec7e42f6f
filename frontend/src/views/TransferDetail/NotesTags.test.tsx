import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../api/treasury', () => ({
  notes: vi.fn(),
  addNote: vi.fn(),
  tags: vi.fn(),
  setTags: vi.fn(),
}));

import * as T from '../../api/treasury';
import { NotesTags, TagInput, splitTags } from './NotesTags';

afterEach(() => {
  cleanup();
  vi.resetAllMocks();
});

const chips = () => [...screen.getByTestId('tags').querySelectorAll('li > span')].map((s) => s.textContent);
const input = () => screen.getByTestId('tag-input') as HTMLInputElement;

describe('splitTags', () => {
  it.each([
    ['one', ['one']],
    ['a, b  c', ['a', 'b', 'c']],
    [' ,, ', []],
    ['', []],
  ])('%j → %j', (typed, want) => expect(splitTags(typed)).toEqual(want));
});

describe('TagInput', () => {
  it.each([
    { name: 'Enter', act: () => fireEvent.keyDown(input(), { key: 'Enter' }) },
    { name: 'a comma', act: () => fireEvent.change(input(), { target: { value: 'Urgent Refund,' } }) },
  ])('adds what was typed on $name and shows the list Go normalised', async ({ act }) => {
    vi.mocked(T.setTags).mockResolvedValue(['chased', 'refund', 'urgent']);
    render(<TagInput transferId="t1" initial={['chased']} />);
    fireEvent.change(input(), { target: { value: 'Urgent Refund' } });
    act();
    await waitFor(() => expect(chips()).toEqual(['chased', 'refund', 'urgent']));
    expect(T.setTags).toHaveBeenCalledWith('t1', ['chased', 'Urgent', 'Refund']);
    expect(input().value).toBe('');
  });

  it('Backspace in the empty input removes the last tag; a typed one is not removed', async () => {
    vi.mocked(T.setTags).mockResolvedValue(['a']);
    render(<TagInput transferId="t1" initial={['a', 'b']} />);
    fireEvent.change(input(), { target: { value: 'x' } });
    fireEvent.keyDown(input(), { key: 'Backspace' });
    expect(T.setTags).not.toHaveBeenCalled();
    fireEvent.change(input(), { target: { value: '' } });
    fireEvent.keyDown(input(), { key: 'Backspace' });
    await waitFor(() => expect(chips()).toEqual(['a']));
    expect(T.setTags).toHaveBeenCalledWith('t1', ['a']);
  });

  it('the × of a tag removes that tag only', async () => {
    vi.mocked(T.setTags).mockResolvedValue(['a', 'c']);
    render(<TagInput transferId="t1" initial={['a', 'b', 'c']} />);
    fireEvent.click(screen.getByRole('button', { name: 'Remove tag b' }));
    await waitFor(() => expect(chips()).toEqual(['a', 'c']));
    expect(T.setTags).toHaveBeenCalledWith('t1', ['a', 'c']);
  });

  it('shows Go refusing a tag, keeps what was typed and the old list', async () => {
    vi.mocked(T.setTags).mockRejectedValue(new Error('tag "way too long…": at most 32 characters'));
    render(<TagInput transferId="t1" initial={['a']} />);
    fireEvent.change(input(), { target: { value: 'way-too-long' } });
    fireEvent.keyDown(input(), { key: 'Enter' });
    expect(await screen.findByTestId('tags-error')).toHaveProperty('textContent', 'tag "way too long…": at most 32 characters');
    expect(input().value).toBe('way-too-long');
    expect(chips()).toEqual(['a']);
  });

  it('does not ask Go when nothing new was typed', () => {
    render(<TagInput transferId="t1" initial={['a']} />);
    fireEvent.change(input(), { target: { value: 'a ' } });
    fireEvent.keyDown(input(), { key: 'Enter' });
    expect(T.setTags).not.toHaveBeenCalled();
    expect(input().value).toBe('');
  });
});

describe('NotesTags', () => {
  const note = (id: number, text: string) => ({ id, at: '2026-11-25T10:00:00Z', actor: 'ops', text });

  it('lists the notes and tags Go has, adds a note with Ctrl+Enter and shows the new list', async () => {
    vi.mocked(T.notes).mockResolvedValue([note(1, 'called the exchange')] as never);
    vi.mocked(T.tags).mockResolvedValue(['chased']);
    vi.mocked(T.addNote).mockResolvedValue([note(1, 'called the exchange'), note(2, 'refund promised')] as never);
    render(<NotesTags transferId="t9" />);
    expect(await screen.findByText('called the exchange')).toBeTruthy();
    expect(chips()).toEqual(['chased']);
    const box = screen.getByTestId('note-input');
    fireEvent.change(box, { target: { value: 'refund promised' } });
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });
    expect(await screen.findByText('refund promised')).toBeTruthy();
    expect(T.addNote).toHaveBeenCalledWith('t9', 'refund promised');
    expect((box as HTMLTextAreaElement).value).toBe('');
  });

  it('keeps the typed note and shows the error when Go refuses it', async () => {
    vi.mocked(T.notes).mockResolvedValue([]);
    vi.mocked(T.tags).mockResolvedValue([]);
    vi.mocked(T.addNote).mockRejectedValue(new Error('note: at most 4000 characters'));
    render(<NotesTags transferId="t9" />);
    expect(await screen.findByText('No notes yet.')).toBeTruthy();
    fireEvent.change(screen.getByTestId('note-input'), { target: { value: 'x' } });
    fireEvent.click(screen.getByTestId('note-add'));
    expect((await screen.findByTestId('notes-error')).textContent).toBe('note: at most 4000 characters');
    expect((screen.getByTestId('note-input') as HTMLTextAreaElement).value).toBe('x');
  });

  it('says why the notes could not be loaded', async () => {
    vi.mocked(T.notes).mockRejectedValue(new Error('no stored transfer has the id t9'));
    vi.mocked(T.tags).mockResolvedValue([]);
    render(<NotesTags transferId="t9" />);
    expect((await screen.findByTestId('notes-error')).textContent).toMatch(/no stored transfer/);
  });
});
