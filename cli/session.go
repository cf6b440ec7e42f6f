package cli

import (
	"context"
	"errors"
	"flag"
	"log/slog"

	"meshdesk/desk"
)

// ProfileFlag registers the --profile flag that `sync`, `transfers …` and `webhooks listen`
// share: the profile to work on instead of the default one.
func ProfileFlag(fs *flag.FlagSet) *string {
	return fs.String("profile", "", "profile to use (default: the one `meshdesk profiles use` chose)")
}

// OpenDesk opens Mesh Desk's database and keychain for a command. env's Getenv supplies the
// MESH_CLIENT_SECRET / MESH_WEBHOOK_SECRET / MESH_ADMIN_SECRET overlay (used for this run,
// never written). Close the desk when the command is done.
func OpenDesk(ctx context.Context, env *Env) (*desk.Desk, error) {
	getenv := env.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	d, err := desk.Open(ctx, desk.Options{Getenv: getenv, Logger: slog.Default()})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// OpenSession opens the desk and the session of the named profile ("" for the default): the
// profile, its Mesh client, the database and the vault. An unknown profile gives a usage
// error (exit code 2); a missing secret or an unreachable keychain an error that says how to
// fix it. On success the caller closes the returned desk.
func OpenSession(ctx context.Context, env *Env, profile string) (*desk.Desk, *desk.Session, error) {
	d, err := OpenDesk(ctx, env)
	if err != nil {
		return nil, nil, err
	}
	s, err := d.Session(ctx, profile)
	if err != nil {
		d.Close()
		return nil, nil, DeskError(err)
	}
	return d, s, nil
}

// DeskError turns the desk errors that mean bad input (a validation error, an unknown
// profile, no default profile) into usage errors (exit code 2); others pass unchanged.
func DeskError(err error) error {
	if err == nil {
		return nil
	}
	if desk.IsValidation(err) || errors.Is(err, desk.ErrProfileNotFound) || errors.Is(err, desk.ErrNoDefaultProfile) {
		return &UsageError{Msg: err.Error()}
	}
	return err
}
