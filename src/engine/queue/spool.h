/*
 * The service's durable store: jobs, uploaded documents and received faxes, each written atomically
 * (temp file, fsync, rename, fsync of the folder) so that what was acknowledged survives kill -9.
 *
 *   SPOOL/seqf            next job number
 *   SPOOL/sendq/qN        jobs not finished          SPOOL/doneq/qN   finished jobs
 *   SPOOL/docq/docN.ext   uploaded documents         SPOOL/recvq/faxN.tif  received faxes
 *   SPOOL/tmp/            work in progress; emptied on start
 *   SPOOL/quarantine/     damaged files found at start, set aside for a person to look at
 */
#ifndef OPENFAXCOM_SPOOL_H
#define OPENFAXCOM_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* SPOOL_ERR_FULL: the filesystem is out of space (or quota): not the data's fault, worth a retry later. */
enum spool_status { SPOOL_OK, SPOOL_ERR_IO, SPOOL_ERR_NO_MEMORY, SPOOL_ERR_CORRUPT, SPOOL_ERR_NOT_FOUND, SPOOL_ERR_FULL };

struct spool;

/* Opens (creating the folders) the spool at root and clears SPOOL/tmp. */
enum spool_status spool_open(const char *root, struct spool **out, char *why, size_t why_size);
void spool_close(struct spool *spool);
const char *spool_root(const struct spool *spool);

/* A path inside the spool ("sendq/q12" -> "/var/spool/faxd/sendq/q12"); malloc'd. */
char *spool_path(const struct spool *spool, const char *relative);

/* Writes data to relative atomically: no reader ever sees a partial file, and after return the
 * file survives a crash. Test hook: a crash can be simulated at each step (spool_crash_at). */
enum spool_status spool_write_atomic(struct spool *spool, const char *relative, const void *data, size_t size);
/* Moves a finished temp file (made with spool_temp_path) into place atomically and durably. */
enum spool_status spool_commit(struct spool *spool, const char *temp_path, const char *relative);
/* SPOOL_ERR_FULL when errno says the disk is full, else SPOOL_ERR_IO: for a write that just failed. */
enum spool_status spool_write_failure(void);
/* True when the spool's filesystem has less than 1 MB left: a write that failed inside a library (libtiff,
 * Ghostscript) then most likely failed for want of space. */
bool spool_nearly_full(const struct spool *spool);
/* A fresh path under SPOOL/tmp for work in progress (malloc'd). */
char *spool_temp_path(struct spool *spool, const char *suffix);
/* A second name for a file (hard link), durable on return: documents move from a session's upload
 * into a job without copying. */
enum spool_status spool_link(struct spool *spool, const char *from, const char *to);
enum spool_status spool_remove(struct spool *spool, const char *relative);
/* Sets a damaged file aside: SPOOL/relative moves to SPOOL/quarantine/ ("sendq/q12" becomes
 * "quarantine/sendq-q12", with "-2"... when that is taken); kept receives the new relative name. */
enum spool_status spool_quarantine(struct spool *spool, const char *relative, char *kept, size_t kept_size);
/* Reads a whole file (malloc'd, NUL-terminated). */
enum spool_status spool_read(const struct spool *spool, const char *relative, char **data, size_t *size);

/* The next number of a sequence kept in the file relative ("seqf" for jobs, "recvq/seqf" for faxes);
 * durable before it is returned, so a number is never handed out twice. */
enum spool_status spool_next_number(struct spool *spool, const char *relative, uint32_t *number);
/* Makes the sequence continue past used (at start: past every id already on disk). */
enum spool_status spool_number_above(struct spool *spool, const char *relative, uint32_t used);

/* Names of the files in a spool folder matching prefix (e.g. "sendq", "q"); malloc'd array of
 * malloc'd names, sorted. */
enum spool_status spool_list(const struct spool *spool, const char *folder, const char *prefix, char ***names,
                             size_t *count);
void spool_free_list(char **names, size_t count);

/* Crash simulation for the durability tests: the write step at which spool_write_atomic stops as if
 * the process had died (0 = never). Steps: 1 temp created, 2 data written, 3 synced, 4 renamed. */
void spool_crash_at(struct spool *spool, int step);

#endif
