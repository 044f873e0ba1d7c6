/* Placeholder until the playback and record issues land: every call fails with a message.
 * (Every function has an implementation now: playback.c and record.c. This file is empty.) */
#include "../common/log.h"
#include <k4arecord/playback.h>
#include <k4arecord/record.h>
