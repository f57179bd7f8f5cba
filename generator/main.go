// Command generator is Breachline: it turns content/ and config.yaml into a
// cross-linked static site of data breaches at airline loyalty programmes.
//
//	go run ./generator check [--root DIR] [--format text|github] [--quiet]
//
// Run `go run ./generator help` for every command. Exit status: 0 success,
// 1 content errors, 2 usage or system errors.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"breachline/generator/internal/diag"
)

// command is one subcommand. run gets the arguments after the command name.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what a command may touch of the outside world, so tests can run
// commands in-process.
type env struct {
	stdout, stderr io.Writer
}

// exitError carries an exit status out of a command.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// usageError is a mistake in the command line (exit 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func commands() []command {
	return []command{
		{"build", "render the site into public/ (or --out DIR), atomically", runBuild},
		{"serve", "preview the site on 127.0.0.1:1313, rebuilding and reloading on every save", runServe},
		{"check", "validate config.yaml and every entry; print file:line:col: message", runCheck},
		{"new", "scaffold a new entry: --title, --date, --airline [--vector, --programme]; never overwrites", runNew},
		{"reference", "regenerate schema/*.json, CONTRIBUTING.md's entry reference and the issue form from the format", runReference},
		{"synth", "write a synthetic site of N entries, for benchmarks", runSynth},
		{"bench", "time cold builds of synthetic sites of 1,000 to 50,000 entries, against Hugo where installed", runBench},
		{"version", "print the version: the module's, the commit it was built from, and Go's", runVersion},
		{"help", "show this help", nil},
	}
}

// exitInterrupted is the exit status after Ctrl-C (128 + SIGINT, as shells
// report a command the signal ended).
const exitInterrupted = 130

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// The first Ctrl-C asks every stage to stop, which takes at most
		// the time of one entry; a second one ends the process at once.
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, &env{stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:])
	stop()
	os.Exit(code)
}

func run(ctx context.Context, e *env, args []string) int {
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		args = append([]string{"version"}, args[1:]...)
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(e.stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] || c.run == nil {
			continue
		}
		err := c.run(ctx, e, args[1:])
		var exit exitError
		var use usageError
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &exit):
			return exit.code
		case errors.As(err, &use):
			fmt.Fprintf(e.stderr, "breachline %s: %s\n", c.name, diag.Escape(use.msg))
			return 2
		case errors.Is(err, context.Canceled) && ctx.Err() != nil:
			fmt.Fprintf(e.stderr, "breachline %s: interrupted; nothing was changed\n", c.name)
			return exitInterrupted
		default:
			// System errors name files, whose names anyone may have chosen.
			fmt.Fprintf(e.stderr, "breachline %s: %s\n", c.name, diag.Escape(err.Error()))
			return 2
		}
	}
	fmt.Fprintf(e.stderr, "breachline: unknown command %q\n\n", args[0])
	usage(e.stderr)
	return 2
}

// parseFlags parses a command's flags; commands take no other arguments.
// -h passes through as flag.ErrHelp, which run treats as success.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Breachline builds a sourced history of data breaches at airline loyalty programmes.")
	fmt.Fprintln(w, "\nUsage: go run ./generator <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'go run ./generator <command> -h' for a command's flags.")
}

// runVersion prints what the binary was built from: the module version,
// the VCS revision and time Go records at build time, and Go's version.
func runVersion(_ context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, versionLine())
	return nil
}

func versionLine() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "breachline (no build information)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	line := "breachline " + v
	var rev, when, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = ", with changes not committed"
			}
		}
	}
	if rev != "" {
		line += fmt.Sprintf(", commit %.12s of %s%s", rev, when, dirty)
	}
	return line + ", " + info.GoVersion
}
