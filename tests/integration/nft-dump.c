/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nft-dump.c - print the nf_tables ruleset of the caller's network
 * namespace, one line per table, chain and rule (family, names, handle),
 * read over libnftnl and libmnl (NFT_MSG_GET* dumps), for labs.sh to
 * compare the machine's ruleset before and after where no `nft` exists.
 * Reads only, except with --control (the negative control of an empty
 * dump): then it moves into a new netns of its own (unshare(2)) and adds
 * the table "ip nsbcontrol" there before dumping.
 * Exit 0, or 1 with the errno on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sched.h>
#include <time.h>

static int print_cb(const struct nlmsghdr *nlh, void *data)
{
	int type = *(int *)data;
	char buf[4096];

	if (type == NFT_MSG_GETTABLE) {
		struct nftnl_table *t = nftnl_table_alloc();

		if (t && nftnl_table_nlmsg_parse(nlh, t) == 0) {
			nftnl_table_snprintf(buf, sizeof(buf), t, NFTNL_OUTPUT_DEFAULT, 0);
			printf("table %s\n", buf);
		}
		nftnl_table_free(t);
	} else if (type == NFT_MSG_GETCHAIN) {
		struct nftnl_chain *c = nftnl_chain_alloc();

		if (c && nftnl_chain_nlmsg_parse(nlh, c) == 0) {
			nftnl_chain_snprintf(buf, sizeof(buf), c, NFTNL_OUTPUT_DEFAULT, 0);
			printf("chain %s\n", buf);
		}
		nftnl_chain_free(c);
	} else {
		struct nftnl_rule *r = nftnl_rule_alloc();

		if (r && nftnl_rule_nlmsg_parse(nlh, r) == 0) {
			nftnl_rule_snprintf(buf, sizeof(buf), r, NFTNL_OUTPUT_DEFAULT, 0);
			printf("rule %s\n", buf);
		}
		nftnl_rule_free(r);
	}
	return MNL_CB_OK;
}

static int dump(struct mnl_socket *nl, int type)
{
	static char buf[32768];	/* MNL_SOCKET_DUMP_SIZE of libmnl 1.0.5 */
	uint32_t seq = (uint32_t)time(NULL) + (uint32_t)type;
	struct nlmsghdr *nlh;
	ssize_t n;
	int r;

	if (type == NFT_MSG_GETTABLE)
		nlh = nftnl_table_nlmsg_build_hdr(buf, NFT_MSG_GETTABLE, NFPROTO_UNSPEC, NLM_F_DUMP, seq);
	else if (type == NFT_MSG_GETCHAIN)
		nlh = nftnl_chain_nlmsg_build_hdr(buf, NFT_MSG_GETCHAIN, NFPROTO_UNSPEC, NLM_F_DUMP, seq);
	else
		nlh = nftnl_rule_nlmsg_build_hdr(buf, NFT_MSG_GETRULE, NFPROTO_UNSPEC, NLM_F_DUMP, seq);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		r = mnl_cb_run(buf, (size_t)n, seq, mnl_socket_get_portid(nl), print_cb, &type);
	} while (r > MNL_CB_STOP);
	return r < 0 ? -errno : 0;
}

/* Adds table ip nsbcontrol: one NEWTABLE in a batch, ACKed. */
static int add_control_table(struct mnl_socket *nl)
{
	static char buf[8192];
	struct mnl_nlmsg_batch *b = mnl_nlmsg_batch_start(buf, sizeof(buf));
	struct nftnl_table *t = nftnl_table_alloc();
	uint32_t seq = (uint32_t)time(NULL);
	struct nlmsghdr *nlh;
	ssize_t n;
	int r;

	nftnl_batch_begin(mnl_nlmsg_batch_current(b), seq++);
	mnl_nlmsg_batch_next(b);
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, "nsbcontrol");
	nlh = nftnl_table_nlmsg_build_hdr(mnl_nlmsg_batch_current(b), NFT_MSG_NEWTABLE, NFPROTO_IPV4,
					  NLM_F_CREATE | NLM_F_ACK, seq++);
	nftnl_table_nlmsg_build_payload(nlh, t);
	nftnl_table_free(t);
	mnl_nlmsg_batch_next(b);
	nftnl_batch_end(mnl_nlmsg_batch_current(b), seq++);
	mnl_nlmsg_batch_next(b);
	if (mnl_socket_sendto(nl, mnl_nlmsg_batch_head(b), mnl_nlmsg_batch_size(b)) < 0)
		return -errno;
	n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	if (n < 0)
		return -errno;
	r = mnl_cb_run(buf, (size_t)n, 0, mnl_socket_get_portid(nl), NULL, NULL);
	return r < 0 ? -errno : 0;
}

int main(int argc, char **argv)
{
	bool control = argc > 1 && strcmp(argv[1], "--control") == 0;
	struct mnl_socket *nl;
	int r = 0;

	if (control && unshare(CLONE_NEWNET) < 0) {
		perror("nft-dump: unshare(CLONE_NEWNET)");
		return 1;
	}
	nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("nft-dump: netlink");
		return 1;
	}
	if (control) {
		if ((r = add_control_table(nl)) < 0) {
			fprintf(stderr, "nft-dump: add table: %s\n", strerror(-r));
			return 1;
		}
	}
	if ((r = dump(nl, NFT_MSG_GETTABLE)) == 0 && (r = dump(nl, NFT_MSG_GETCHAIN)) == 0)
		r = dump(nl, NFT_MSG_GETRULE);
	mnl_socket_close(nl);
	if (r < 0) {
		fprintf(stderr, "nft-dump: %s\n", strerror(-r));
		return 1;
	}
	return 0;
}
