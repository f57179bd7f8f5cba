package main

import (
	"bufio"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestServeStopsOnInterrupt runs serve as its own process, with a browser's
// live-reload stream open, and presses Ctrl-C: it stops at once, says so,
// exits 0 and frees its address.
func TestServeStopsOnInterrupt(t *testing.T) {
	root := fixtureSite(t)
	addr := freeAddr(t)
	cmd := exec.Command(os.Args[0], "serve", "--root", root, "--addr", addr)
	// GORACE: under -race the runtime otherwise waits a second before exiting.
	cmd.Env = append(os.Environ(), "BREACHLINE_TEST_AS_MAIN=1", "GORACE=atexit_sleep_ms=0")
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer cmd.Process.Kill()

	base := "http://" + addr
	waitServing(t, base, 30*time.Second, out)
	// A live-reload client, as an open page has: it must not hold up the stop.
	stream, err := http.Get(base + "/__breachline/events")
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	if line, err := bufio.NewReader(stream.Body).ReadString('\n'); err != nil || !strings.HasPrefix(line, "event: hello") {
		t.Fatalf("event stream starts %q, %v", line, err)
	}

	pressed := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		var ee *exec.ExitError
		if errors.As(err, &ee) || err != nil {
			t.Fatalf("serve exited with %v after Ctrl-C; want 0:\n%s", err, out.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("serve still running 10 s after Ctrl-C:\n%s", out.String())
	}
	if took := time.Since(pressed); took > time.Second {
		t.Errorf("serve took %v to stop with a live-reload client connected; want under a second", took)
	}
	if !strings.Contains(out.String(), "stopped") {
		t.Errorf("serve did not say it stopped:\n%s", out.String())
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("the address is still taken after serve stopped: %v", err)
	}
	ln.Close()
}
