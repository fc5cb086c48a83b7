/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * labs.h - the addresses of the network labs, shared by the labs probe that
 * builds them and the labs suite whose rules judge what the probe saw there.
 * Documentation ranges only (RFC 5737, RFC 3849): never routed anywhere.
 */
#ifndef NSB_LABS_H
#define NSB_LABS_H

/* bridge: hosts h1..h3 on br0 in a fourth namespace; host N is .1N and ::1N. */
#define LAB_BR_NET4 "192.0.2.%d/24"
#define LAB_BR_NET6 "2001:db8:b::%d/64"

/* routing and NAT: a - r - c, two subnets. */
#define LAB_A4 "192.0.2.2"
#define LAB_RA4 "192.0.2.1"
#define LAB_RC4 "198.51.100.1"
#define LAB_C4 "198.51.100.2"
#define LAB_A6 "2001:db8:a::2"
#define LAB_RA6 "2001:db8:a::1"
#define LAB_RC6 "2001:db8:c::1"
#define LAB_C6 "2001:db8:c::2"

/* NAT: inner host i, router r, outside host o. */
#define LAB_I4 "192.0.2.2"
#define LAB_RI4 "192.0.2.1"
#define LAB_RO4 "203.0.113.1"
#define LAB_O4 "203.0.113.2"

/* server in a namespace: server s, client c on the link, client n without one. */
#define LAB_S4 "203.0.113.1"
#define LAB_SC4 "203.0.113.2"

#endif
