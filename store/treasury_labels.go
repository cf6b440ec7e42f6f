package store

// The address book: labels on addresses, per profile, optionally per network.

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// AddressLabel is one address book entry. Network is "" when the label holds on every network.
type AddressLabel struct {
	Address   string    `json:"address"`
	Network   string    `json:"network"`
	Label     string    `json:"label"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	Actor     string    `json:"actor"`
}

// AddressKey is how addresses are compared: EVM addresses (0x and 40 hex digits) in lower case
// (their mixed case is only a checksum), every other address exactly as written, trimmed.
func AddressKey(address string) string {
	a := strings.TrimSpace(address)
	if len(a) == 42 && (strings.HasPrefix(a, "0x") || strings.HasPrefix(a, "0X")) && isHex(a[2:]) {
		return strings.ToLower(a)
	}
	return a
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return s != ""
}

// networkKey is a network name as compared ("" for any network).
func networkKey(network string) string { return strings.ToLower(strings.TrimSpace(network)) }

// checkAddress refuses what cannot be an address: empty, too long, spaces or control
// characters.
func checkAddress(address string) (string, error) {
	a := strings.TrimSpace(address)
	switch {
	case a == "":
		return "", invalidf("address is empty")
	case len(a) > 200:
		return "", invalidf("address is longer than 200 characters")
	case strings.ContainsAny(a, " \t\r\n\x00"):
		return "", invalidf("address %q contains spaces or control characters", a)
	}
	return a, nil
}

// SetAddressLabel adds or replaces the label of an address (on one network, or on every
// network when network is ""), with one audit row.
func (db *DB) SetAddressLabel(ctx context.Context, profileID, address, network, label, actor string) (*AddressLabel, error) {
	addr, err := checkAddress(address)
	if err != nil {
		return nil, err
	}
	if label, err = cleanText("label", label, MaxLabelLen); err != nil {
		return nil, err
	}
	if label == "" {
		return nil, invalidf("label is empty (remove the label instead)")
	}
	if strings.ContainsAny(label, "\r\n\t") {
		return nil, invalidf("label must be one line")
	}
	if len(network) > 100 {
		return nil, invalidf("network name is longer than 100 characters")
	}
	if actor, err = cleanActor(actor); err != nil {
		return nil, err
	}
	net := networkKey(network)
	now := ms(db.Now())
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		pc, err := profileRow(ctx, tx, profileID)
		if err != nil {
			return err
		}
		var old string
		err = tx.QueryRowContext(ctx, `SELECT label FROM address_labels WHERE profile_pk = ? AND address_key = ? AND network = ?`, pc.pk, AddressKey(addr), net).Scan(&old)
		if err != nil && err != sql.ErrNoRows {
			return fmt.Errorf("read label: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO address_labels (profile_pk, address_key, network, address, label, created_at, updated_at, actor) VALUES (?,?,?,?,?,?,?,?)
			ON CONFLICT (profile_pk, address_key, network) DO UPDATE SET address = excluded.address, label = excluded.label, updated_at = excluded.updated_at, actor = excluded.actor`,
			pc.pk, AddressKey(addr), net, addr, label, now, now, actor); err != nil {
			return fmt.Errorf("save label: %w", err)
		}
		details := "label " + label
		if old != "" {
			details = fmt.Sprintf("label %s (was %s)", label, old)
		}
		if net != "" {
			details += "; network " + net
		}
		return insertAudit(ctx, tx, AuditEntry{At: fromMS(now), Actor: actor, ProfileID: profileID, ProfileName: pc.name,
			Action: AuditLabelSet, Target: addr, Details: details})
	})
	if err != nil {
		return nil, fmt.Errorf("label %s: %w", addr, err)
	}
	return db.addressLabel(ctx, profileID, addr, net)
}

func (db *DB) addressLabel(ctx context.Context, profileID, address, net string) (*AddressLabel, error) {
	l, err := scanLabel(db.r.QueryRowContext(ctx, `SELECT `+addressLabelColumns+` FROM address_labels
		WHERE profile_pk = (SELECT pk FROM profiles WHERE id = ?) AND address_key = ? AND network = ?`, profileID, AddressKey(address), net))
	if err == sql.ErrNoRows {
		return nil, fmt.Errorf("label of %s: %w", address, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("label of %s: %w", address, err)
	}
	return &l, nil
}

// addressLabelColumns are the address_labels columns scanLabel reads, in its order.
const addressLabelColumns = `address, network, label, created_at, updated_at, actor`

// scanLabel reads one address_labels row selected as addressLabelColumns.
func scanLabel(row interface{ Scan(...any) error }) (AddressLabel, error) {
	var l AddressLabel
	var created, updated int64
	if err := row.Scan(&l.Address, &l.Network, &l.Label, &created, &updated, &l.Actor); err != nil {
		return AddressLabel{}, err
	}
	l.CreatedAt, l.UpdatedAt = fromMS(created), fromMS(updated)
	return l, nil
}

// RemoveAddressLabel removes an address's label on network ("" for the every-network one),
// with one audit row; ErrNotFound when there is none.
func (db *DB) RemoveAddressLabel(ctx context.Context, profileID, address, network, actor string) error {
	addr, err := checkAddress(address)
	if err != nil {
		return err
	}
	if actor, err = cleanActor(actor); err != nil {
		return err
	}
	net := networkKey(network)
	now := ms(db.Now())
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		pc, err := profileRow(ctx, tx, profileID)
		if err != nil {
			return err
		}
		var old string
		err = tx.QueryRowContext(ctx, `SELECT label FROM address_labels WHERE profile_pk = ? AND address_key = ? AND network = ?`, pc.pk, AddressKey(addr), net).Scan(&old)
		if err == sql.ErrNoRows {
			return fmt.Errorf("no label on %s: %w", addr, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("read label: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM address_labels WHERE profile_pk = ? AND address_key = ? AND network = ?`, pc.pk, AddressKey(addr), net); err != nil {
			return fmt.Errorf("remove label: %w", err)
		}
		details := "was " + old
		if net != "" {
			details += "; network " + net
		}
		return insertAudit(ctx, tx, AuditEntry{At: fromMS(now), Actor: actor, ProfileID: profileID, ProfileName: pc.name,
			Action: AuditLabelRemove, Target: addr, Details: details})
	})
	if err != nil {
		return fmt.Errorf("remove label of %s: %w", addr, err)
	}
	return nil
}

// AddressLabels lists the profile's address book, by label then address.
func (db *DB) AddressLabels(ctx context.Context, profileID string) ([]AddressLabel, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+addressLabelColumns+` FROM address_labels
		WHERE profile_pk = (SELECT pk FROM profiles WHERE id = ?) ORDER BY label COLLATE NOCASE, address_key, network`, profileID)
	if err != nil {
		return nil, fmt.Errorf("address book: %w", err)
	}
	defer rows.Close()
	out := []AddressLabel{}
	for rows.Next() {
		l, err := scanLabel(rows)
		if err != nil {
			return nil, fmt.Errorf("address book: %w", err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("address book: %w", err)
	}
	return out, nil
}

// AddressBook answers "what is this address called" from a snapshot of a profile's labels.
type AddressBook struct {
	byKey map[[2]string]string // {address key, network key} → label
}

// AddressBook loads the profile's labels for look-ups (the book is small: one query).
func (db *DB) AddressBook(ctx context.Context, profileID string) (*AddressBook, error) {
	ls, err := db.AddressLabels(ctx, profileID)
	if err != nil {
		return nil, err
	}
	b := &AddressBook{byKey: make(map[[2]string]string, len(ls))}
	for _, l := range ls {
		b.byKey[[2]string{AddressKey(l.Address), l.Network}] = l.Label
	}
	return b, nil
}

// Label is the label of address on network: the network's own label first, then the
// every-network one, else "". A nil book knows no labels.
func (b *AddressBook) Label(address, network string) string {
	if b == nil || address == "" {
		return ""
	}
	k := AddressKey(address)
	if l, ok := b.byKey[[2]string{k, networkKey(network)}]; ok {
		return l
	}
	return b.byKey[[2]string{k, ""}]
}

// Len is how many labels the book holds.
func (b *AddressBook) Len() int {
	if b == nil {
		return 0
	}
	return len(b.byKey)
}
