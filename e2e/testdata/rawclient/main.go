// Command rawclient is a test helper of the e2e tests, never shipped: it
// sends the bytes on its standard input to the agent's Unix socket as they
// are (a framed message, or a broken one), reads one length-prefixed
// answer and prints its JSON. The e2e tests run it as an ordinary user, so
// the agent sees that user's peer credentials on malformed, oversized,
// wrong-version and not-allowed messages.
//
//	rawclient SOCKET < message
package main

import (
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"time"
)

// maxAnswer bounds the answer read (the agent's MaxMessage).
const maxAnswer = 1 << 20

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: rawclient SOCKET < message")
		os.Exit(3)
	}
	if err := run(os.Args[1], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "rawclient:", err)
		os.Exit(1)
	}
}

func run(socket string, in io.Reader, out io.Writer) error {
	msg, err := io.ReadAll(in)
	if err != nil {
		return err
	}
	c, err := net.Dial("unix", socket)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(20 * time.Second))
	if _, err := c.Write(msg); err != nil {
		return err
	}
	var hdr [4]byte
	if _, err := io.ReadFull(c, hdr[:]); err != nil {
		return fmt.Errorf("no answer: %w", err)
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if n > maxAnswer {
		return fmt.Errorf("answer of %d bytes announced", n)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(c, body); err != nil {
		return fmt.Errorf("short answer: %w", err)
	}
	_, err = out.Write(body)
	return err
}
