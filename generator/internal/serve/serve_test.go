package serve

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"breachline/generator/internal/output"
)

func site(t *testing.T) *output.Memory {
	t.Helper()
	m := output.NewMemory()
	for p, body := range map[string]string{
		"index.html":              "<!DOCTYPE html><html><body><p>home</p></body></html>",
		"airlines/klm/index.html": "<!DOCTYPE html><html><body>klm</body></html>",
		"404.html":                "<!DOCTYPE html><html><body>not found</body></html>",
		"nl/404.html":             "<!DOCTYPE html><html lang=\"nl\"><body>niet gevonden</body></html>",
		"css/site.css":            "body{}",
		"js/search.js":            "1",
		"feed.xml":                "<feed/>",
		"sitemap.xml":             "<urlset/>",
		"api/incidents.json":      "[]",
		"robots.txt":              "User-agent: *",
		"favicon.svg":             "<svg/>",
	} {
		m.Write(p, []byte(body))
	}
	return m
}

func TestHandler(t *testing.T) {
	s := New()
	s.Publish(site(t), nil)
	ts := httptest.NewServer(s)
	defer ts.Close()
	tests := []struct {
		method, path string
		status       int
		ctype, body  string
	}{
		{"GET", "/", 200, "text/html; charset=utf-8", "home"},
		{"GET", "/airlines/klm/", 200, "text/html; charset=utf-8", "klm"},
		{"GET", "/css/site.css", 200, "text/css; charset=utf-8", "body{}"},
		{"GET", "/js/search.js", 200, "text/javascript; charset=utf-8", "1"},
		{"GET", "/feed.xml", 200, "application/atom+xml", "<feed/>"},
		{"GET", "/sitemap.xml", 200, "application/xml", "<urlset/>"},
		{"GET", "/api/incidents.json", 200, "application/json", "[]"},
		{"GET", "/robots.txt", 200, "text/plain; charset=utf-8", "User-agent"},
		{"GET", "/favicon.svg", 200, "image/svg+xml", "<svg/>"},
		{"GET", "/no/such/page/", 404, "text/html; charset=utf-8", "not found"},
		{"GET", "/nl/no/such/page/", 404, "text/html; charset=utf-8", "niet gevonden"}, // the nearest 404.html up the path
		{"GET", "/nl/", 404, "text/html; charset=utf-8", "niet gevonden"},
		{"GET", "/nlx/page/", 404, "text/html; charset=utf-8", "not found"},
		{"GET", "/../config.yaml", 404, "", "not found"},
		{"GET", "/%2e%2e/config.yaml", 404, "", "not found"},
		{"GET", "/%2e%2e%2fconfig.yaml", 404, "", "not found"},
		{"GET", "//etc/passwd", 404, "", "not found"},
		{"GET", "/airlines/../../config.yaml", 404, "", "not found"},
		{"GET", "/airlines/./klm/", 404, "", "not found"},
		{"GET", "/airlines//klm/", 404, "", "not found"},
		{"GET", "/..%5cconfig.yaml", 404, "", "not found"},
		{"GET", "/config.yaml", 404, "", "not found"},
		{"GET", "/content/", 404, "", "not found"},
		{"GET", "/css/", 404, "", "not found"},
		{"GET", "/%00", 404, "", "not found"},
		{"HEAD", "/", 200, "text/html; charset=utf-8", ""},
		{"POST", "/", 405, "", ""},
		{"GET", "/__breachline/client.js", 200, "text/javascript; charset=utf-8", "EventSource"},
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tt := range tests {
		// Send the path as is: net/http's client would clean some of them.
		conn, err := net.Dial("tcp", strings.TrimPrefix(ts.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(conn, tt.method+" "+tt.path+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: tt.method})
		if err != nil {
			t.Fatalf("%s %s: %v", tt.method, tt.path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		conn.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("%s %s: status %d, want %d", tt.method, tt.path, resp.StatusCode, tt.status)
		}
		if tt.ctype != "" && resp.Header.Get("Content-Type") != tt.ctype {
			t.Errorf("%s %s: Content-Type %q, want %q", tt.method, tt.path, resp.Header.Get("Content-Type"), tt.ctype)
		}
		if !strings.Contains(string(body), tt.body) {
			t.Errorf("%s %s: body %q lacks %q", tt.method, tt.path, body, tt.body)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s %s: no nosniff header", tt.method, tt.path)
		}
	}
	resp, err := client.Get(ts.URL + "/airlines/klm")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 301 || resp.Header.Get("Location") != "/airlines/klm/" {
		t.Errorf("/airlines/klm: %d to %q, want 301 to /airlines/klm/", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, _ = client.Get(ts.URL + "/")
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `<script src="/__breachline/client.js" defer></script></body>`) {
		t.Errorf("the client script is not injected before </body>: %s", body)
	}
}

func TestNotBuiltYet(t *testing.T) {
	rec := httptest.NewRecorder()
	New().ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("status %d before the first build, want 503", rec.Code)
	}
}

// readEvent reads one server-sent event.
func readEvent(t *testing.T, r *bufio.Reader) (name, data string) {
	t.Helper()
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("reading events: %v", err)
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(line, "event: "):
			name = line[len("event: "):]
		case strings.HasPrefix(line, "data: "):
			data += line[len("data: "):]
		case line == "" && name != "":
			return name, data
		}
	}
}

func TestEvents(t *testing.T) {
	s := New()
	s.Publish(site(t), nil)
	ts := httptest.NewServer(s)
	defer ts.Close()
	resp, err := http.Get(ts.URL + Prefix + "events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	r := bufio.NewReader(resp.Body)
	if name, data := readEvent(t, r); name != "hello" || data != "1" {
		t.Fatalf("first event %s %s, want hello 1", name, data)
	}
	s.Fail([]Problem{{File: "content/x.md", Line: 3, Col: 7, Msg: "bad"}})
	if name, data := readEvent(t, r); name != "problems" || !strings.Contains(data, `"file":"content/x.md","line":3,"col":7`) {
		t.Fatalf("got %s %s, want problems", name, data)
	}
	s.Publish(site(t), nil)
	if name, data := readEvent(t, r); name != "reload" || data != "2" {
		t.Fatalf("got %s %s, want reload 2", name, data)
	}
	s.Publish(site(t), []string{"css/site.css"})
	if name, data := readEvent(t, r); name != "css" || data != `["css/site.css"]` {
		t.Fatalf("got %s %s, want css", name, data)
	}
}

// TestManyClients connects 100 live-reload clients, reloads them all, and
// lets them go: none may block the others, and none may be left behind.
func TestManyClients(t *testing.T) {
	s := New()
	s.Publish(site(t), nil)
	ts := httptest.NewServer(s)
	defer ts.Close()
	const n = 100
	ctx, cancel := context.WithCancel(context.Background())
	var ready, done sync.WaitGroup
	ready.Add(n)
	got := make(chan string, n)
	for range n {
		done.Go(func() {
			req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+Prefix+"events", nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				ready.Done()
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			r := bufio.NewReader(resp.Body)
			readEvent(t, r) // hello
			ready.Done()
			name, _ := readEvent(t, r)
			got <- name
		})
	}
	ready.Wait()
	deadline := time.Now().Add(2 * time.Second)
	for s.Clients() < n && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if c := s.Clients(); c != n {
		t.Fatalf("%d clients registered, want %d", c, n)
	}
	s.Publish(site(t), nil)
	for range n {
		select {
		case name := <-got:
			if name != "reload" {
				t.Errorf("a client got %q, want reload", name)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("not every client got the reload")
		}
	}
	cancel()
	done.Wait()
	for deadline := time.Now().Add(2 * time.Second); s.Clients() > 0 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	if c := s.Clients(); c != 0 {
		t.Errorf("%d clients still registered after all left", c)
	}
}

func TestInject(t *testing.T) {
	for in, want := range map[string]string{
		"<html><body>x</body></html>":          "<html><body>x" + string(script) + "</body></html>",
		"<p>no body tag":                       "<p>no body tag" + string(script),
		"<body>a</body><p>b</p></body></html>": "<body>a</body><p>b</p>" + string(script) + "</body></html>",
	} {
		if got := string(Inject([]byte(in))); got != want {
			t.Errorf("Inject(%q) = %q, want %q", in, got, want)
		}
	}
}

// A server on loopback answers only requests addressed to loopback names:
// a page elsewhere that rebinds its domain to 127.0.0.1 gets nothing.
func TestOnlyLoopbackHosts(t *testing.T) {
	s := New()
	s.Publish(site(t), nil)
	s.OnlyLoopbackHosts()
	for host, want := range map[string]int{
		"127.0.0.1:1313": 200, "localhost:1313": 200, "LOCALHOST": 200, "[::1]:1313": 200, "127.0.0.2:80": 200,
		"evil.example:1313": 403, "evil.example": 403, "10.0.0.1:1313": 403, "": 403, "localhost.evil.example:1313": 403,
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/", nil)
		req.Host = host
		s.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("Host %q: %d, want %d", host, rec.Code, want)
		}
	}
}
