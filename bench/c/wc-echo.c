/*
 * wc-echo: a minimal CSS-WC server (ETSI TS 103 286-2, clause 8), the reference that
 * bench/side-by-side compares the project's wc-server with.
 *
 * One thread. Each turn receives a batch of up to BATCH datagrams with recvmmsg, reads
 * CLOCK_MONOTONIC once after the batch returns (the receive time of every request in the batch:
 * no earlier than any arrival), fills the responses, reads CLOCK_MONOTONIC again just before
 * sendmmsg (the transmit time: no later than any departure) and sends the batch.
 *
 * Responses: version 0, type 1 (response, no follow-up), precision = log2 of the clock's
 * resolution (rounded up), max frequency error 500 ppm (in 1/256 ppm), originate echoed byte for
 * byte, receive and transmit as 32-bit seconds + 32-bit nanoseconds of the monotonic clock.
 * Anything that is not a 32-byte version-0 request (type 0) is ignored.
 *
 * Usage: wc-echo BIND_ADDRESS PORT
 * Build: gcc -O2 -o wc-echo wc-echo.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define MSG_SIZE 32
#define MAX_FREQ_ERROR_PPM 500

static volatile sig_atomic_t stop;

static void on_signal(int sig) {
  (void)sig;
  stop = 1;
}

static void put_u32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}

static void put_time(unsigned char *p, const struct timespec *t) {
  put_u32(p, (uint32_t)t->tv_sec);
  put_u32(p + 4, (uint32_t)t->tv_nsec);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s BIND_ADDRESS PORT\n", argv[0]);
    return 2;
  }
  struct sockaddr_in bind_to;
  memset(&bind_to, 0, sizeof bind_to);
  bind_to.sin_family = AF_INET;
  bind_to.sin_port = htons((uint16_t)atoi(argv[2]));
  if (inet_pton(AF_INET, argv[1], &bind_to.sin_addr) != 1) {
    fprintf(stderr, "wc-echo: not an IPv4 address: %s\n", argv[1]);
    return 2;
  }
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0 || bind(fd, (struct sockaddr *)&bind_to, sizeof bind_to) != 0) {
    perror("wc-echo: bind");
    return 1;
  }

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal; /* no SA_RESTART: recvmmsg returns EINTR */
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);

  struct timespec res;
  clock_getres(CLOCK_MONOTONIC, &res);
  double res_seconds = res.tv_sec + res.tv_nsec / 1e9;
  int precision = (int)ceil(log2(res_seconds > 0 ? res_seconds : 1e-9));
  uint32_t max_freq_error = MAX_FREQ_ERROR_PPM * 256;

  static unsigned char in[BATCH][MSG_SIZE + 1]; /* one spare byte: longer datagrams show */
  static unsigned char out[BATCH][MSG_SIZE];
  static struct sockaddr_in from[BATCH];
  static struct iovec in_iov[BATCH], out_iov[BATCH];
  static struct mmsghdr in_msgs[BATCH], out_msgs[BATCH];
  for (int i = 0; i < BATCH; i++) {
    in_iov[i].iov_base = in[i];
    in_iov[i].iov_len = sizeof in[i];
    in_msgs[i].msg_hdr.msg_iov = &in_iov[i];
    in_msgs[i].msg_hdr.msg_iovlen = 1;
    in_msgs[i].msg_hdr.msg_name = &from[i];
    out_iov[i].iov_base = out[i];
    out_iov[i].iov_len = MSG_SIZE;
    out_msgs[i].msg_hdr.msg_iov = &out_iov[i];
    out_msgs[i].msg_hdr.msg_iovlen = 1;
  }

  fprintf(stderr, "wc-echo: listening on %s:%s (precision 2^%d s, %d ppm)\n", argv[1], argv[2],
          precision, MAX_FREQ_ERROR_PPM);
  while (!stop) {
    for (int i = 0; i < BATCH; i++) {
      in_msgs[i].msg_hdr.msg_namelen = sizeof from[i];
      in_msgs[i].msg_hdr.msg_flags = 0;
    }
    /* block for the first datagram, then take whatever else is already queued */
    int n = recvmmsg(fd, in_msgs, BATCH, MSG_WAITFORONE, NULL);
    if (n < 0) {
      if (errno == EINTR) continue;
      perror("wc-echo: recvmmsg");
      return 1;
    }
    struct timespec received;
    clock_gettime(CLOCK_MONOTONIC, &received);
    int m = 0;
    for (int i = 0; i < n; i++) {
      const unsigned char *q = in[i];
      if (in_msgs[i].msg_len != MSG_SIZE || (in_msgs[i].msg_hdr.msg_flags & MSG_TRUNC) ||
          q[0] != 0 || q[1] != 0) {
        continue; /* not a request: ignored */
      }
      unsigned char *r = out[m];
      r[0] = 0;
      r[1] = 1;
      r[2] = (unsigned char)(signed char)precision;
      r[3] = 0;
      put_u32(r + 4, max_freq_error);
      memcpy(r + 8, q + 8, 8);
      put_time(r + 16, &received);
      out_msgs[m].msg_hdr.msg_name = &from[i];
      out_msgs[m].msg_hdr.msg_namelen = in_msgs[i].msg_hdr.msg_namelen;
      m++;
    }
    if (m == 0) continue;
    struct timespec transmitted;
    clock_gettime(CLOCK_MONOTONIC, &transmitted);
    for (int i = 0; i < m; i++) {
      put_time(out[i] + 24, &transmitted);
    }
    int sent = 0;
    while (sent < m) {
      int k = sendmmsg(fd, out_msgs + sent, (unsigned)(m - sent), 0);
      if (k < 0) {
        if (errno == EINTR && !stop) continue;
        break; /* e.g. a full buffer: the client counts the rest lost, as for any UDP server */
      }
      sent += k;
    }
  }
  close(fd);
  return 0;
}
