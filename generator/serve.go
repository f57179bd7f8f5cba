package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path"
	"strings"
	"time"

	"breachline/generator/internal/content"
	"breachline/generator/internal/diag"
	"breachline/generator/internal/serve"
	"breachline/generator/internal/site"
	"breachline/generator/internal/watch"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	root := fs.String("root", ".", "the site's root folder (with config.yaml and content/)")
	addr := fs.String("addr", "127.0.0.1:1313", "the address to listen on; keep it on loopback")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	srv := serve.New()
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	ip := net.ParseIP(host)
	switch {
	case ip != nil && ip.IsLoopback():
		srv.OnlyLoopbackHosts()
	case ip == nil || ip.IsUnspecified():
		// Every interface: this machine reaches it on loopback, others on
		// any of its addresses.
		fmt.Fprintf(e.stderr, "warning: serving on every interface (%s): other machines can reach this preview at this machine's addresses, port %s\n", host, port)
		host = "127.0.0.1"
	default:
		fmt.Fprintf(e.stderr, "warning: serving on %s, which is not a loopback address: other machines can reach this preview\n", host)
	}
	base := "http://" + net.JoinHostPort(host, port) + "/"

	p := &preview{root: *root, base: base, srv: srv, out: e.stdout}
	// Outside a site there is nothing to preview and nothing to wait for:
	// serve stops as build does, with its message (exit 2).
	if err := p.rebuild(ctx, nil); err != nil {
		return err
	}
	w, err := watch.New(*root, []string{"content", "layouts", "static"}, []string{"config.yaml"})
	if err != nil {
		return err
	}
	defer w.Close()
	batches, errs := make(chan []string), make(chan error, 8)
	go w.Run(ctx, batches, errs)

	hs := &http.Server{Handler: p.srv, ReadHeaderTimeout: 10 * time.Second}
	hs.RegisterOnShutdown(p.srv.Close)
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	fmt.Fprintf(e.stdout, "serving %s on %s (Ctrl-C to stop)\n", diag.Escape(*root), base)
	// Each rebuild runs while the next changes arrive; a newer change
	// abandons the one under way (site.Live takes its changes up in the
	// next), so a save never waits behind a slow entry it replaces.
	var running rebuilding
	defer running.stop()
	for {
		select {
		case <-ctx.Done():
			running.stop()
			shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			hs.Shutdown(shut)
			fmt.Fprintln(e.stdout, "stopped")
			return nil
		case err := <-served:
			return err
		case err := <-errs:
			fmt.Fprintf(e.stderr, "watch: %s\n", diag.Escape(err.Error()))
		case changed := <-batches:
			running.stop()
			running.start(ctx, func(ctx context.Context) { p.rebuild(ctx, changed) }) // a failure is shown, not returned
		}
	}
}

// rebuilding is the rebuild under way, if any.
type rebuilding struct {
	cancel context.CancelFunc
	done   chan struct{}
}

func (r *rebuilding) start(ctx context.Context, f func(context.Context)) {
	ctx, r.cancel = context.WithCancel(ctx)
	done := make(chan struct{})
	r.done = done
	go func() {
		defer close(done)
		f(ctx)
	}()
}

// stop abandons the rebuild under way and waits until it has let go of the
// site, which takes at most the time of one entry.
func (r *rebuilding) stop() {
	if r.cancel != nil {
		r.cancel()
		<-r.done
		r.cancel, r.done = nil, nil
	}
}

// preview keeps the site in memory (site.Live: pages render when asked
// for, and a change redoes only what it affects) and tells the server.
type preview struct {
	root, base string
	srv        *serve.Server
	out        interface{ Write([]byte) (int, error) }
	live       *site.Live
}

// rebuild brings the preview up to date with the changed paths (all of
// them when changed is nil). Problems are printed and shown in the
// browser, and the last good build stays. It returns ctx's error when ctx
// ended it first (a newer change superseded it, or the server is
// stopping), and site.ErrNoConfig when the first build finds no site here
// (a site whose config.yaml goes missing later is a problem like any other).
func (p *preview) rebuild(ctx context.Context, changed []string) error {
	start := time.Now()
	first := p.live == nil
	if first {
		p.live = site.NewLive(os.DirFS(p.root), site.Options{BaseURL: p.base})
	}
	st, diags, err := p.live.Update(ctx, changed)
	switch {
	case err != nil && ctx.Err() != nil:
		return ctx.Err()
	case first && errors.Is(err, site.ErrNoConfig):
		return err
	case err != nil:
		diags = diag.List{{Pos: diag.Pos{File: p.root}, Rule: "system", Msg: err.Error()}}
		fallthrough
	case len(diags) > 0:
		fmt.Fprintf(p.out, "build failed (%s); still serving the last good build:\n", plural(len(diags), "problem"))
		diags.Write(p.out, diag.Text)
		p.srv.Fail(p.problems(diags))
		return nil
	}
	var css []string
	for _, c := range changed {
		if !strings.HasPrefix(c, "static/") || path.Ext(c) != ".css" {
			css = nil
			break
		}
		css = append(css, strings.TrimPrefix(c, "static/"))
	}
	p.srv.Publish(p.live, css)
	what := "built"
	if len(changed) > 0 {
		paths := make([]string, len(changed))
		for i, c := range changed {
			paths[i] = diag.Escape(c) // file names come from whoever wrote them
		}
		what = "updated (" + st.How + ") after " + strings.Join(paths, ", ")
	}
	fmt.Fprintf(p.out, "%s: %d incidents, %d pages in %s\n", what, st.Incidents, st.Pages, time.Since(start).Round(time.Millisecond))
	return nil
}

// problems adds the offending lines to each diagnostic, for the overlay.
func (p *preview) problems(diags diag.List) []serve.Problem {
	out := make([]serve.Problem, 0, len(diags))
	files := map[string][]string{}
	for _, d := range diags {
		pr := serve.Problem{File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col, Msg: d.Msg}
		if d.Pos.Line > 0 {
			lines, ok := files[d.Pos.File]
			if !ok {
				if b, err := content.ReadFile(os.DirFS(p.root), d.Pos.File); err == nil && len(b) <= content.MaxSize {
					lines = strings.Split(string(b), "\n")
				}
				files[d.Pos.File] = lines
			}
			if d.Pos.Line <= len(lines) {
				first := max(1, d.Pos.Line-2)
				last := min(len(lines), d.Pos.Line+2)
				pr.First, pr.Lines = first, lines[first-1:last]
			}
		}
		out = append(out, pr)
	}
	return out
}
