package probetest

import (
	"encoding/binary"
	"errors"
	"io"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
)

// SOCKS5 is a minimal SOCKS5 server (RFC 1928, CONNECT only) with optional
// user/password authentication (RFC 1929). Every destination name is
// resolved to 127.0.0.1, like the test DNS servers answer, so a probe
// through it reaches the loopback test world.
type SOCKS5 struct {
	ln         net.Listener
	user, pass string
	wg         sync.WaitGroup
	// Connects counts CONNECT requests that were answered with success.
	Connects atomic.Int64
	// AuthFailures counts rejected user/password pairs.
	AuthFailures atomic.Int64
}

// NewSOCKS5 starts a SOCKS5 server on 127.0.0.1. With a non-empty user it
// demands user/password authentication.
func NewSOCKS5(user, pass string) (*SOCKS5, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &SOCKS5{ln: ln, user: user, pass: pass}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.serve(c)
			}()
		}
	}()
	return s, nil
}

// Addr is the server's host:port.
func (s *SOCKS5) Addr() string { return s.ln.Addr().String() }

// Close stops the server and waits for its connections to end.
func (s *SOCKS5) Close() error {
	err := s.ln.Close()
	s.wg.Wait()
	return err
}

func (s *SOCKS5) serve(c net.Conn) {
	defer c.Close()
	var hdr [2]byte
	if _, err := io.ReadFull(c, hdr[:]); err != nil || hdr[0] != 5 {
		return
	}
	methods := make([]byte, hdr[1])
	if _, err := io.ReadFull(c, methods); err != nil {
		return
	}
	want := byte(0x00)
	if s.user != "" {
		want = 0x02
	}
	ok := false
	for _, m := range methods {
		ok = ok || m == want
	}
	if !ok {
		c.Write([]byte{5, 0xFF})
		return
	}
	c.Write([]byte{5, want})
	if want == 0x02 {
		if err := s.auth(c); err != nil {
			return
		}
	}
	// Request: VER CMD RSV ATYP DST.ADDR DST.PORT
	var req [4]byte
	if _, err := io.ReadFull(c, req[:]); err != nil || req[0] != 5 {
		return
	}
	switch req[3] {
	case 1:
		io.ReadFull(c, make([]byte, 4))
	case 4:
		io.ReadFull(c, make([]byte, 16))
	case 3:
		var n [1]byte
		if _, err := io.ReadFull(c, n[:]); err != nil {
			return
		}
		io.ReadFull(c, make([]byte, n[0]))
	default:
		return
	}
	var pb [2]byte
	if _, err := io.ReadFull(c, pb[:]); err != nil {
		return
	}
	reply := func(code byte) { c.Write([]byte{5, code, 0, 1, 127, 0, 0, 1, 0, 0}) }
	if req[1] != 1 { // CONNECT only
		reply(7)
		return
	}
	up, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(int(binary.BigEndian.Uint16(pb[:])))))
	if err != nil {
		reply(5) // connection refused
		return
	}
	defer up.Close()
	s.Connects.Add(1)
	reply(0)
	// Either side ending ends both: the server must not outlive a probe
	// that hung up before the upstream said anything.
	done := make(chan struct{}, 2)
	go func() { io.Copy(up, c); done <- struct{}{} }()
	go func() { io.Copy(c, up); done <- struct{}{} }()
	<-done
	up.Close()
	c.Close()
	<-done
}

func (s *SOCKS5) auth(c net.Conn) error {
	var v [2]byte
	if _, err := io.ReadFull(c, v[:]); err != nil || v[0] != 1 {
		return errors.New("bad auth version")
	}
	user := make([]byte, v[1])
	if _, err := io.ReadFull(c, user); err != nil {
		return err
	}
	var n [1]byte
	if _, err := io.ReadFull(c, n[:]); err != nil {
		return err
	}
	pass := make([]byte, n[0])
	if _, err := io.ReadFull(c, pass); err != nil {
		return err
	}
	if string(user) != s.user || string(pass) != s.pass {
		s.AuthFailures.Add(1)
		c.Write([]byte{1, 1})
		return errors.New("authentication failed")
	}
	_, err := c.Write([]byte{1, 0})
	return err
}
