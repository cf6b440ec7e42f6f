import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Column, VirtualTable } from './VirtualTable';

const columns: Column<number>[] = [
  { id: 'n', label: 'N', width: '1fr', sortable: true, cell: (r) => `row ${r}` },
  { id: 'sq', label: 'Square', width: '1fr', cell: (r) => String(r * r) },
];

function setup(total: number, rowAt: (i: number) => number | undefined = (i) => i) {
  const onRange = vi.fn();
  const onSelect = vi.fn();
  const onOpen = vi.fn();
  const onSort = vi.fn();
  const props = { label: 'Numbers', columns, total, rowHeight: 30, rowAt, rowKey: (r: number) => String(r), onRange, onSelect, onOpen, onSort };
  const view = render(<VirtualTable {...props} selected={-1} sort={{ column: 'n', desc: true }} />);
  return { ...props, view };
}

describe('VirtualTable', () => {
  afterEach(cleanup);
  it('renders a few rows of a million and asks for their range', () => {
    const { onRange } = setup(1_000_000);
    const rows = document.querySelectorAll('.vt-row');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(60);
    expect(onRange).toHaveBeenCalledWith(0, rows.length);
    expect(screen.getByText('row 0')).toBeTruthy();
    expect(screen.getByRole('grid').getAttribute('aria-rowcount')).toBe('1000001');
  });
  it('shows loading rows until their window arrives', () => {
    setup(100, () => undefined);
    expect(document.querySelectorAll('.vt-row.loading').length).toBe(document.querySelectorAll('.vt-row').length);
  });
  it('moves the selection with the keyboard and opens with Enter', () => {
    const { onSelect, onOpen, view } = setup(1_000_000);
    const body = screen.getByTestId('vt-body');
    fireEvent.keyDown(body, { key: 'End' });
    expect(onSelect).toHaveBeenLastCalledWith(999_999);
    fireEvent.keyDown(body, { key: 'Home' });
    expect(onSelect).toHaveBeenLastCalledWith(0);
    view.rerender(
      <VirtualTable label="Numbers" columns={columns} total={1_000_000} rowHeight={30} rowAt={(i) => i} rowKey={String}
        onRange={vi.fn()} onSelect={onSelect} onOpen={onOpen} selected={5} />,
    );
    fireEvent.keyDown(body, { key: 'ArrowDown' });
    expect(onSelect).toHaveBeenLastCalledWith(6);
    fireEvent.keyDown(body, { key: 'ArrowUp' });
    expect(onSelect).toHaveBeenLastCalledWith(4);
    fireEvent.keyDown(body, { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith(5);
  });
  it('sorts from the header of sortable columns only', () => {
    const { onSort } = setup(10);
    fireEvent.click(screen.getByTestId('sort-n'));
    expect(onSort).toHaveBeenCalledWith('n');
    expect(screen.queryByTestId('sort-sq')).toBeNull();
    expect(screen.getByRole('columnheader', { name: /N/ }).getAttribute('aria-sort')).toBe('descending');
  });
});
