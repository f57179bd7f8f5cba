// Package serve is the preview server: it serves a built site from memory,
// swaps in each new build atomically, and tells browsers over Server-Sent
// Events to reload, to swap a stylesheet, or to show the build's problems
// over the page. It injects its small client script into HTML responses, so
// layouts know nothing of it.
//
// serve imports net/http and nothing of Breachline: it is handed files and
// problems, and knows nothing of how sites are built or watched.
package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net"
	"net/http"
	"path"
	"strings"
	"sync"
	"sync/atomic"

	_ "embed"
)

// Prefix is where the server's own files live; no site path starts with it.
const Prefix = "/__breachline/"

//go:embed client.js
var clientJS []byte

//go:embed overlay.css
var overlayCSS []byte

// Files is a built site: its files by slash path.
type Files interface {
	Get(p string) ([]byte, bool)
}

// Problem is one build diagnostic, with the source lines around it.
type Problem struct {
	File  string   `json:"file"`
	Line  int      `json:"line"`
	Col   int      `json:"col"`
	Msg   string   `json:"msg"`
	Lines []string `json:"lines,omitempty"` // the offending line and its neighbours
	First int      `json:"first,omitempty"` // the line number of Lines[0]
}

type state struct {
	files    Files
	problems []Problem
	version  int
}

// Server serves the last good build and reports the current problems.
type Server struct {
	state    atomic.Pointer[state]
	hub      hub
	loopback bool // answer only requests addressed to a loopback name
}

// OnlyLoopbackHosts makes the server refuse requests whose Host header is
// not localhost or a loopback address, for a server listening on loopback:
// a web page elsewhere cannot then reach it by rebinding its own domain
// name to 127.0.0.1 (DNS rebinding). Call it before serving.
func (s *Server) OnlyLoopbackHosts() { s.loopback = true }

// loopbackHost reports whether a Host header names this machine.
func loopbackHost(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// New returns a server with nothing built yet.
func New() *Server {
	s := &Server{}
	s.state.Store(&state{})
	s.hub.clients = map[chan event]bool{}
	return s
}

// Publish makes files the site served and tells browsers to reload (or,
// when only stylesheets changed, to swap those).
func (s *Server) Publish(files Files, changedCSS []string) {
	old := s.state.Load()
	st := &state{files: files, version: old.version + 1}
	s.state.Store(st)
	if len(changedCSS) > 0 && len(old.problems) == 0 {
		data, _ := json.Marshal(changedCSS)
		s.hub.broadcast(event{name: "css", data: string(data)})
		return
	}
	s.hub.broadcast(event{name: "reload", data: fmt.Sprint(st.version)})
}

// Fail keeps the last good site and shows problems over every page.
func (s *Server) Fail(problems []Problem) {
	old := s.state.Load()
	st := &state{files: old.files, problems: problems, version: old.version}
	s.state.Store(st)
	data, _ := json.Marshal(problems)
	s.hub.broadcast(event{name: "problems", data: string(data)})
}

// Clients reports how many browsers listen for reloads.
func (s *Server) Clients() int {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	return len(s.hub.clients)
}

// ServeHTTP serves the site. Only GET and HEAD, only files of the build:
// no folder listings and nothing from the disk.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	if s.loopback && !loopbackHost(r.Host) {
		http.Error(w, "this preview answers only to localhost and loopback addresses", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case Prefix + "events":
		s.events(w, r)
		return
	case Prefix + "client.js":
		s.write(w, r, "client.js", clientJS, http.StatusOK)
		return
	case Prefix + "overlay.css":
		s.write(w, r, "overlay.css", overlayCSS, http.StatusOK)
		return
	}
	st := s.state.Load()
	if st.files == nil {
		http.Error(w, "the site is not built yet; see the terminal", http.StatusServiceUnavailable)
		return
	}
	p, ok := sitePath(r.URL.Path)
	if !ok {
		s.notFound(w, r, st)
		return
	}
	if b, found := st.files.Get(p); found {
		s.write(w, r, p, b, http.StatusOK)
		return
	}
	// /airlines/klm → /airlines/klm/, as a static host would.
	if !strings.HasSuffix(r.URL.Path, "/") {
		if _, found := st.files.Get(p + "/index.html"); found {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
	}
	s.notFound(w, r, st)
}

// sitePath maps a URL path to a file of the site. It refuses what is not a
// clean path inside the site ("/../x", "/%2e%2e/", "//etc", backslashes,
// NUL bytes) rather than trying to make sense of it.
func sitePath(urlPath string) (string, bool) {
	if !strings.HasPrefix(urlPath, "/") || strings.ContainsAny(urlPath, "\\\x00") || strings.HasPrefix(urlPath, "//") {
		return "", false
	}
	clean := path.Clean(urlPath)
	if clean != urlPath && clean+"/" != urlPath {
		return "", false // the path had . or .. segments or doubled slashes
	}
	p := strings.TrimPrefix(urlPath, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return "", false
		}
	}
	return p, true
}

// notFound serves the nearest 404.html up the URL's path, as hosts such as
// Cloudflare Pages do: a missing page under /nl/ gets the Dutch 404 page.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, st *state) {
	if st.files != nil {
		dir := path.Dir(strings.TrimPrefix(r.URL.Path, "/"))
		for {
			p := path.Join(dir, "404.html")
			if dir == "." || dir == "/" {
				p = "404.html"
			}
			if b, ok := st.files.Get(p); ok {
				s.write(w, r, p, b, http.StatusNotFound)
				return
			}
			if p == "404.html" {
				break
			}
			dir = path.Dir(dir)
		}
	}
	http.Error(w, "404 page not found", http.StatusNotFound)
}

// contentType names a file's type by its extension.
func contentType(p string) string {
	switch path.Ext(p) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".json":
		return "application/json"
	case ".xml":
		if path.Base(p) == "feed.xml" {
			return "application/atom+xml"
		}
		return "application/xml"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	}
	if t := mime.TypeByExtension(path.Ext(p)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// script is what goes into every HTML page.
var script = []byte(`<script src="` + Prefix + `client.js" defer></script>`)

func (s *Server) write(w http.ResponseWriter, r *http.Request, p string, b []byte, status int) {
	ct := contentType(p)
	if strings.HasPrefix(ct, "text/html") {
		b = Inject(b)
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", fmt.Sprint(len(b)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
}

// Inject puts the client script before the last </body>, or at the end.
func Inject(page []byte) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(script))
	out = append(out, page[:i]...)
	out = append(out, script...)
	return append(out, page[i:]...)
}

type event struct{ name, data string }

// hub fans events out to every connected browser. A browser too slow to
// take an event is dropped rather than let it hold up the others; it
// reconnects by itself.
type hub struct {
	mu      sync.Mutex
	clients map[chan event]bool
	closed  bool // the server is shutting down: no new streams
}

func (h *hub) add() chan event {
	c := make(chan event, 8)
	h.mu.Lock()
	if h.closed {
		close(c)
	} else {
		h.clients[c] = true
	}
	h.mu.Unlock()
	return c
}

// Close ends every live-reload stream, now and later: an HTTP server's
// Shutdown waits for connections to go idle, which a stream never does.
// Register it with http.Server.RegisterOnShutdown.
func (s *Server) Close() {
	h := &s.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for c := range h.clients {
		delete(h.clients, c)
		close(c)
	}
}

func (h *hub) remove(c chan event) {
	h.mu.Lock()
	if h.clients[c] {
		delete(h.clients, c)
		close(c)
	}
	h.mu.Unlock()
}

func (h *hub) broadcast(e event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c <- e:
		default:
			delete(h.clients, c)
			close(c)
		}
	}
}

func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	c := s.hub.add()
	defer s.hub.remove(c)
	st := s.state.Load()
	send := func(e event) bool {
		_, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, strings.ReplaceAll(e.data, "\n", "\ndata: "))
		flusher.Flush()
		return err == nil
	}
	// The version lets a browser that missed a rebuild while disconnected
	// notice it and reload; the problems show at once on a fresh page.
	send(event{name: "hello", data: fmt.Sprint(st.version)})
	if len(st.problems) > 0 {
		data, _ := json.Marshal(st.problems)
		send(event{name: "problems", data: string(data)})
	}
	for {
		select {
		case <-r.Context().Done():
			return
		case e, ok := <-c:
			if !ok || !send(e) {
				return
			}
		}
	}
}
