interface PlaceholderProps {
  title: string;
  children: React.ReactNode;
}

/** A section that is not built yet: its title and what it will do. */
export function Placeholder({ title, children }: PlaceholderProps) {
  return (
    <section className="view" aria-labelledby="view-title">
      <h1 id="view-title">{title}</h1>
      <p className="muted">{children}</p>
    </section>
  );
}
