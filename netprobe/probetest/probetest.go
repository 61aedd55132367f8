// Package probetest runs small loopback servers for tests and benchmarks
// of the network checks: a DNS server with scripted answers, an SNTP
// responder with a chosen clock offset, test certificate authorities, and
// TCP servers that accept but never speak. Everything listens on 127.0.0.1
// only and stops when Close is called.
package probetest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/miekg/dns"
)

// Answer scripts what the DNS server says about one name.
type Answer struct {
	// Addrs are returned as A/AAAA records.
	Addrs []string
	// NXDomain answers "no such name".
	NXDomain bool
	// Delay holds the answer back (a slow resolver); Drop never answers.
	Delay time.Duration
	Drop  bool
	// DropFirst loses the first DropFirst queries of each type (A, AAAA)
	// for the name, as a lossy link loses datagrams; later ones are
	// answered.
	DropFirst int
	// DropType never answers queries of this type (dns.TypeA...): one
	// question of a pair lost, the other answered.
	DropType uint16
}

// DNS is a scripted DNS server on 127.0.0.1 (UDP and TCP on one port).
type DNS struct {
	Addr string // "127.0.0.1:port"
	mu   sync.Mutex
	m    map[string]Answer
	// Default answers names not in the script (NXDOMAIN when zero).
	Default *Answer
	udp     *dns.Server
	tcp     *dns.Server
	queries int
	seen    map[string]int // queries per name and type, for DropFirst
}

// StartDNS starts a DNS server answering from script (names without the
// trailing dot, case-insensitive).
func StartDNS(script map[string]Answer) (*DNS, error) {
	d := &DNS{m: map[string]Answer{}, seen: map[string]int{}}
	for k, v := range script {
		d.m[strings.ToLower(dns.Fqdn(k))] = v
	}
	// UDP and TCP on the same port: retry when the TCP side is taken.
	var pc net.PacketConn
	var ln net.Listener
	var err error
	for try := 0; try < 50; try++ {
		if pc, err = net.ListenPacket("udp", "127.0.0.1:0"); err != nil {
			return nil, err
		}
		if ln, err = net.Listen("tcp", pc.LocalAddr().String()); err == nil {
			break
		}
		pc.Close()
	}
	if err != nil {
		return nil, err
	}
	d.Addr = pc.LocalAddr().String()
	h := dns.HandlerFunc(d.serve)
	d.udp = &dns.Server{PacketConn: pc, Handler: h}
	d.tcp = &dns.Server{Listener: ln, Handler: h}
	started := make(chan struct{}, 2)
	d.udp.NotifyStartedFunc = func() { started <- struct{}{} }
	d.tcp.NotifyStartedFunc = func() { started <- struct{}{} }
	go d.udp.ActivateAndServe()
	go d.tcp.ActivateAndServe()
	<-started
	<-started
	return d, nil
}

// Set changes the answer for name.
func (d *DNS) Set(name string, a Answer) {
	d.mu.Lock()
	d.m[strings.ToLower(dns.Fqdn(name))] = a
	d.mu.Unlock()
}

// Queries is how many questions the server received.
func (d *DNS) Queries() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.queries
}

func (d *DNS) serve(w dns.ResponseWriter, r *dns.Msg) {
	if len(r.Question) != 1 {
		return
	}
	q := r.Question[0]
	d.mu.Lock()
	d.queries++
	a, ok := d.m[strings.ToLower(q.Name)]
	if !ok && d.Default != nil {
		a, ok = *d.Default, true
	}
	key := strings.ToLower(q.Name) + "/" + dns.TypeToString[q.Qtype]
	d.seen[key]++
	lost := d.seen[key] <= a.DropFirst
	d.mu.Unlock()
	if a.Drop || lost || a.DropType != 0 && q.Qtype == a.DropType {
		return
	}
	if a.Delay > 0 {
		time.Sleep(a.Delay)
	}
	m := new(dns.Msg)
	m.SetReply(r)
	m.RecursionAvailable = true
	if !ok || a.NXDomain {
		m.Rcode = dns.RcodeNameError
		w.WriteMsg(m)
		return
	}
	for _, s := range a.Addrs {
		ip := net.ParseIP(s)
		if ip == nil {
			continue
		}
		hdr := dns.RR_Header{Name: q.Name, Class: dns.ClassINET, Ttl: 60}
		switch {
		case ip.To4() != nil && q.Qtype == dns.TypeA:
			hdr.Rrtype = dns.TypeA
			m.Answer = append(m.Answer, &dns.A{Hdr: hdr, A: ip.To4()})
		case ip.To4() == nil && q.Qtype == dns.TypeAAAA:
			hdr.Rrtype = dns.TypeAAAA
			m.Answer = append(m.Answer, &dns.AAAA{Hdr: hdr, AAAA: ip})
		}
	}
	w.WriteMsg(m)
}

// Close stops the server.
func (d *DNS) Close() {
	d.udp.Shutdown()
	d.tcp.Shutdown()
}

// NTP is an SNTP responder whose clock is an offset ahead of the local one.
type NTP struct {
	Addr   string
	offset atomic.Int64
	drop   atomic.Int64
	pc     net.PacketConn
}

// DropNext loses the next n requests, as a lossy link loses datagrams.
func (n *NTP) DropNext(k int) { n.drop.Store(int64(k)) }

// SetOffset changes the responder's clock offset.
func (n *NTP) SetOffset(d time.Duration) { n.offset.Store(int64(d)) }

func (n *NTP) now() time.Time { return time.Now().Add(time.Duration(n.offset.Load())) }

// StartNTP starts a responder on 127.0.0.1 that answers every request as a
// stratum-2 server whose clock reads local time + offset.
func StartNTP(offset time.Duration) (*NTP, error) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	n := &NTP{Addr: pc.LocalAddr().String(), pc: pc}
	n.SetOffset(offset)
	go n.serve()
	return n, nil
}

const ntpEpochOffset = 2208988800 // seconds from 1900 to 1970

func ntpTime(t time.Time) uint64 {
	sec := uint64(t.Unix() + ntpEpochOffset)
	frac := uint64(t.Nanosecond()) << 32 / 1e9
	return sec<<32 | frac
}

func (n *NTP) serve() {
	buf := make([]byte, 512)
	for {
		k, from, err := n.pc.ReadFrom(buf)
		if err != nil {
			return
		}
		if k < 48 {
			continue
		}
		if n.drop.Add(-1) >= 0 {
			continue
		}
		recv := n.now()
		resp := make([]byte, 48)
		resp[0] = 0<<6 | 4<<3 | 4                                              // LI 0, version 4, mode 4 (server)
		resp[1] = 2                                                            // stratum
		resp[2] = buf[2]                                                       // poll
		resp[3] = 0xEC                                                         // precision
		binary.BigEndian.PutUint32(resp[4:], 0x00000100)                       // root delay
		binary.BigEndian.PutUint32(resp[8:], 0x00000100)                       // root dispersion
		copy(resp[12:16], []byte{127, 0, 0, 1})                                // reference ID
		binary.BigEndian.PutUint64(resp[16:], ntpTime(recv.Add(-time.Minute))) // reference time
		copy(resp[24:32], buf[40:48])                                          // origin = client's transmit
		binary.BigEndian.PutUint64(resp[32:], ntpTime(recv))
		binary.BigEndian.PutUint64(resp[40:], ntpTime(n.now()))
		n.pc.WriteTo(resp, from)
	}
}

// Close stops the responder.
func (n *NTP) Close() { n.pc.Close() }

// CA is a test certificate authority.
type CA struct {
	Cert *x509.Certificate
	key  *ecdsa.PrivateKey
	Pool *x509.CertPool
}

// NewCA makes a self-signed CA named name.
func NewCA(name string) (*CA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: name, Organization: []string{name}},
		NotBefore:             time.Now().Add(-24 * time.Hour),
		NotAfter:              time.Now().Add(365 * 24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &CA{Cert: cert, key: key, Pool: pool}, nil
}

// Leaf issues a server certificate for names (DNS names or IP literals)
// valid from notBefore to notAfter.
func (ca *CA) Leaf(names []string, notBefore, notAfter time.Time) (tls.Certificate, error) {
	if len(names) == 0 {
		return tls.Certificate{}, errors.New("probetest: a certificate needs at least one name")
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: names[0]},
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, &key.PublicKey, ca.key)
	if err != nil {
		return tls.Certificate{}, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der, ca.Cert.Raw}, PrivateKey: key, Leaf: leaf}, nil
}

// PEM is the CA certificate as a PEM trust file.
func (ca *CA) PEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Cert.Raw})
}

// LeafPEM is Leaf as the two files a web server such as nginx loads: the
// chain (leaf, then this CA) and the leaf's EC private key.
func (ca *CA) LeafPEM(names []string, notBefore, notAfter time.Time) (chainPEM, keyPEM []byte, err error) {
	c, err := ca.Leaf(names, notBefore, notAfter)
	if err != nil {
		return nil, nil, err
	}
	for _, der := range c.Certificate {
		chainPEM = append(chainPEM, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
	}
	kder, err := x509.MarshalECPrivateKey(c.PrivateKey.(*ecdsa.PrivateKey))
	if err != nil {
		return nil, nil, err
	}
	return chainPEM, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), nil
}

// Silent is a TCP server that accepts connections and never sends a byte:
// "TCP works but TLS never answers".
type Silent struct {
	Addr  string
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

// StartSilent starts a silent server on 127.0.0.1.
func StartSilent() (*Silent, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Silent{Addr: ln.Addr().String(), ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns = append(s.conns, c)
			s.mu.Unlock()
		}
	}()
	return s, nil
}

// Close stops the server and drops its connections.
func (s *Silent) Close() {
	s.ln.Close()
	s.mu.Lock()
	for _, c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
}

// Resetter accepts connections and resets them at once (SO_LINGER 0), as
// a middlebox injecting RST does.
type Resetter struct {
	Addr string
	ln   net.Listener
}

// StartResetter starts a resetting server on 127.0.0.1.
func StartResetter() (*Resetter, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r := &Resetter{Addr: ln.Addr().String(), ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			buf := make([]byte, 1)
			c.SetReadDeadline(time.Now().Add(time.Second))
			c.Read(buf) // wait for the ClientHello, then reset
			if tc, ok := c.(*net.TCPConn); ok {
				tc.SetLinger(0)
			}
			c.Close()
		}
	}()
	return r, nil
}

// Close stops the server.
func (r *Resetter) Close() { r.ln.Close() }

// ClosedPort returns a loopback address where nothing listens (connects
// are refused).
func ClosedPort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		return "", errors.Join(err)
	}
	return addr, nil
}
