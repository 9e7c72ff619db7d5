/*
 * The native half of org.dvbcss.net.wc.MmsgSocket: a UDP socket that receives datagrams in
 * batches (recvmmsg) and sends the answers to a batch in one call (sendmmsg), reading from and
 * writing to direct buffers the Java side owns, so that a request costs no allocation on either
 * side. Linux only. Each function is called by one thread at a time for a given socket, except
 * shutdownSocket, which any thread may call to wake the receiving thread.
 *
 * Buffers (laid out by MmsgSocket, native byte order):
 *   in      batch slots of IN_SLOT bytes; each datagram is read into the first IN_LEN bytes
 *   sources batch slots of SRC_SLOT bytes, each a struct sockaddr_in or sockaddr_in6
 *   lengths batch ints: the length of each datagram received (IN_LEN when it was longer)
 *   out     batch slots of OUT_LEN bytes: the answers to send
 *   to      batch ints: for each answer, the slot in sources of its destination
 */
#define _GNU_SOURCE
#include <errno.h>
#include <jni.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define IN_SLOT 48
#define IN_LEN 33 /* one more than a CSS-WC message, so that a longer datagram shows as such */
#define SRC_SLOT 28
#define OUT_LEN 32

typedef struct {
  int fd;
  int batch;
  int last_received;
  unsigned char *in;
  unsigned char *sources;
  int32_t *lengths;
  unsigned char *out;
  int32_t *to;
  struct mmsghdr *rmsgs;
  struct iovec *riov;
  struct mmsghdr *smsgs;
  struct iovec *siov;
} mmsg_socket;

static void throw_io(JNIEnv *env, int err, const char *what) {
  const char *type = err == EADDRINUSE || err == EADDRNOTAVAIL || err == EACCES
                         ? "java/net/BindException"
                         : "java/io/IOException";
  jclass cls = (*env)->FindClass(env, type);
  if (cls == NULL) {
    return; /* FindClass has thrown */
  }
  char message[256];
  char reason[128];
  const char *text = strerror_r(err, reason, sizeof reason);
  snprintf(message, sizeof message, "%s: %s", what, text);
  (*env)->ThrowNew(env, cls, message);
}

static void free_socket(mmsg_socket *s) {
  free(s->rmsgs);
  free(s->riov);
  free(s->smsgs);
  free(s->siov);
  free(s);
}

/*
 * Opens and binds a socket. address: 4 or 16 bytes; scope: the IPv6 scope id; reuse: whether to
 * set SO_REUSEPORT; timeout_ms: SO_RCVTIMEO, so that a receive returns now and then. Returns the
 * context pointer, or throws.
 */
JNIEXPORT jlong JNICALL Java_org_dvbcss_net_wc_MmsgSocket_open(
    JNIEnv *env, jclass cls, jbyteArray address, jint scope, jint port, jboolean reuse,
    jint timeout_ms, jint batch, jobject in, jobject sources, jobject lengths, jobject out,
    jobject to) {
  (void)cls;
  jsize alen = (*env)->GetArrayLength(env, address);
  if ((alen != 4 && alen != 16) || batch < 1) {
    throw_io(env, EINVAL, "open");
    return 0;
  }
  mmsg_socket *s = calloc(1, sizeof *s);
  if (s == NULL) {
    throw_io(env, ENOMEM, "open");
    return 0;
  }
  s->batch = batch;
  s->in = (*env)->GetDirectBufferAddress(env, in);
  s->sources = (*env)->GetDirectBufferAddress(env, sources);
  s->lengths = (*env)->GetDirectBufferAddress(env, lengths);
  s->out = (*env)->GetDirectBufferAddress(env, out);
  s->to = (*env)->GetDirectBufferAddress(env, to);
  s->rmsgs = calloc(batch, sizeof *s->rmsgs);
  s->riov = calloc(batch, sizeof *s->riov);
  s->smsgs = calloc(batch, sizeof *s->smsgs);
  s->siov = calloc(batch, sizeof *s->siov);
  if (s->in == NULL || s->sources == NULL || s->lengths == NULL || s->out == NULL || s->to == NULL
      || s->rmsgs == NULL || s->riov == NULL || s->smsgs == NULL || s->siov == NULL) {
    free_socket(s);
    throw_io(env, ENOMEM, "open");
    return 0;
  }
  for (int i = 0; i < batch; i++) {
    s->riov[i].iov_base = s->in + (size_t)i * IN_SLOT;
    s->riov[i].iov_len = IN_LEN;
    s->rmsgs[i].msg_hdr.msg_iov = &s->riov[i];
    s->rmsgs[i].msg_hdr.msg_iovlen = 1;
    s->rmsgs[i].msg_hdr.msg_name = s->sources + (size_t)i * SRC_SLOT;
    s->rmsgs[i].msg_hdr.msg_namelen = SRC_SLOT;
    s->siov[i].iov_base = s->out + (size_t)i * OUT_LEN;
    s->siov[i].iov_len = OUT_LEN;
    s->smsgs[i].msg_hdr.msg_iov = &s->siov[i];
    s->smsgs[i].msg_hdr.msg_iovlen = 1;
  }
  s->last_received = batch;

  int family = alen == 4 ? AF_INET : AF_INET6;
  int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    int err = errno;
    free_socket(s);
    throw_io(env, err, "socket");
    return 0;
  }
  int one = 1;
  if (reuse && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0) {
    int err = errno;
    close(fd);
    free_socket(s);
    throw_io(env, err, "SO_REUSEPORT");
    return 0;
  }
  struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0) {
    int err = errno;
    close(fd);
    free_socket(s);
    throw_io(env, err, "SO_RCVTIMEO");
    return 0;
  }
  int rc;
  if (family == AF_INET) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    (*env)->GetByteArrayRegion(env, address, 0, 4, (jbyte *)&a.sin_addr);
    rc = bind(fd, (struct sockaddr *)&a, sizeof a);
  } else {
    struct sockaddr_in6 a;
    memset(&a, 0, sizeof a);
    a.sin6_family = AF_INET6;
    a.sin6_port = htons((uint16_t)port);
    a.sin6_scope_id = (uint32_t)scope;
    (*env)->GetByteArrayRegion(env, address, 0, 16, (jbyte *)&a.sin6_addr);
    rc = bind(fd, (struct sockaddr *)&a, sizeof a);
  }
  if (rc != 0) {
    int err = errno;
    close(fd);
    free_socket(s);
    throw_io(env, err, "bind");
    return 0;
  }
  s->fd = fd;
  return (jlong)(intptr_t)s;
}

/* The bound port. */
JNIEXPORT jint JNICALL Java_org_dvbcss_net_wc_MmsgSocket_localPort(JNIEnv *env, jclass cls,
                                                                    jlong ctx) {
  (void)cls;
  mmsg_socket *s = (mmsg_socket *)(intptr_t)ctx;
  struct sockaddr_in6 a;
  socklen_t len = sizeof a;
  if (getsockname(s->fd, (struct sockaddr *)&a, &len) != 0) {
    throw_io(env, errno, "getsockname");
    return -1;
  }
  return ntohs(((struct sockaddr_in *)&a)->sin_port); /* same offset in both families */
}

/*
 * Waits for at least one datagram, then takes every one already queued, up to the batch. Returns
 * how many (0 when the receive timed out or was interrupted), or throws.
 */
JNIEXPORT jint JNICALL Java_org_dvbcss_net_wc_MmsgSocket_receive(JNIEnv *env, jclass cls,
                                                                  jlong ctx) {
  (void)cls;
  mmsg_socket *s = (mmsg_socket *)(intptr_t)ctx;
  for (int i = 0; i < s->last_received; i++) {
    s->rmsgs[i].msg_hdr.msg_namelen = SRC_SLOT;
    s->rmsgs[i].msg_hdr.msg_flags = 0;
  }
  int n = recvmmsg(s->fd, s->rmsgs, (unsigned)s->batch, MSG_WAITFORONE, NULL);
  if (n < 0) {
    int err = errno;
    s->last_received = 0;
    if (err == EAGAIN || err == EWOULDBLOCK || err == EINTR) {
      return 0;
    }
    throw_io(env, err, "recvmmsg");
    return -1;
  }
  for (int i = 0; i < n; i++) {
    s->lengths[i] = (int32_t)s->rmsgs[i].msg_len;
  }
  s->last_received = n;
  return n;
}

/*
 * Sends answers 0..count-1 of out, each to its source slot in to. An answer that cannot be sent
 * is skipped. Returns how many could not be sent.
 */
JNIEXPORT jint JNICALL Java_org_dvbcss_net_wc_MmsgSocket_send(JNIEnv *env, jclass cls, jlong ctx,
                                                               jint count) {
  (void)env;
  (void)cls;
  mmsg_socket *s = (mmsg_socket *)(intptr_t)ctx;
  if (count > s->batch) {
    count = s->batch;
  }
  for (int j = 0; j < count; j++) {
    int slot = s->to[j];
    if (slot < 0 || slot >= s->batch) {
      slot = 0;
    }
    struct sockaddr *name = (struct sockaddr *)(s->sources + (size_t)slot * SRC_SLOT);
    s->smsgs[j].msg_hdr.msg_name = name;
    s->smsgs[j].msg_hdr.msg_namelen =
        name->sa_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
  }
  int failures = 0;
  int done = 0;
  while (done < count) {
    int r = sendmmsg(s->fd, s->smsgs + done, (unsigned)(count - done), 0);
    if (r < 0) {
      if (errno == EINTR) {
        continue;
      }
      failures++; /* the first of the rest could not be sent: skip it */
      done++;
    } else {
      done += r;
    }
  }
  return failures;
}

/* Wakes a thread blocked in receive; the socket answers no more. Any thread. */
JNIEXPORT void JNICALL Java_org_dvbcss_net_wc_MmsgSocket_shutdownSocket(JNIEnv *env, jclass cls,
                                                                         jlong ctx) {
  (void)env;
  (void)cls;
  mmsg_socket *s = (mmsg_socket *)(intptr_t)ctx;
  shutdown(s->fd, SHUT_RDWR);
}

/* Closes the socket and frees the context; call once, when no thread uses it any more. */
JNIEXPORT void JNICALL Java_org_dvbcss_net_wc_MmsgSocket_close(JNIEnv *env, jclass cls,
                                                                jlong ctx) {
  (void)env;
  (void)cls;
  mmsg_socket *s = (mmsg_socket *)(intptr_t)ctx;
  close(s->fd);
  free_socket(s);
}
