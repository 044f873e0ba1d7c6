/*
 * The streams of a playback: cursors over the frames of one track, and items made of the frames of
 * several (see playback_streams.h).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "playback_streams.h"

#include <string.h>

/* ---- cursors -------------------------------------------------------------------------------- */

static void cursor_reset(cursor_t *c)
{
    c->state = CURSOR_AT_START;
}

/* The frame after the cursor (the cursor learns it, so that asking again is free). */
static mkv_result_t cursor_peek_next(mkv_file_t *file, cursor_t *c, mkv_frame_t *frame)
{
    mkv_result_t r;
    if (c->track == 0)
        return MKV_NONE;
    switch (c->state)
    {
    case CURSOR_AT_END: return MKV_NONE;
    case CURSOR_BEFORE: *frame = c->frame; return MKV_FOUND;
    case CURSOR_AT_START: r = mkv_next_frame(file, c->track, NULL, frame); break;
    default: r = mkv_next_frame(file, c->track, &c->frame.pos, frame); break;
    }
    if (r == MKV_FOUND)
    {
        c->state = CURSOR_BEFORE;
        c->frame = *frame;
    }
    else if (r == MKV_NONE)
        c->state = CURSOR_AT_END;
    return r;
}

/* The frame before the cursor. */
static mkv_result_t cursor_peek_previous(mkv_file_t *file, cursor_t *c, mkv_frame_t *frame)
{
    mkv_result_t r;
    if (c->track == 0)
        return MKV_NONE;
    switch (c->state)
    {
    case CURSOR_AT_START: return MKV_NONE;
    case CURSOR_AFTER: *frame = c->frame; return MKV_FOUND;
    case CURSOR_AT_END: r = mkv_previous_frame(file, c->track, NULL, frame); break;
    default: r = mkv_previous_frame(file, c->track, &c->frame.pos, frame); break;
    }
    if (r == MKV_FOUND)
    {
        c->state = CURSOR_AFTER;
        c->frame = *frame;
    }
    else if (r == MKV_NONE)
        c->state = CURSOR_AT_START;
    return r;
}

static void cursor_seek(mkv_file_t *file, cursor_t *c, int64_t target_ns)
{
    mkv_frame_t frame;
    if (c->track == 0)
        return;
    mkv_result_t r = mkv_seek_frame(file, c->track, target_ns, &frame);
    if (r == MKV_FOUND)
    {
        c->state = CURSOR_BEFORE;
        c->frame = frame;
    }
    else
        c->state = CURSOR_AT_END; /* past the end; or damaged before it: reading on reports the damage */
}

/* ---- streams -------------------------------------------------------------------------------- */

void stream_init(stream_t *s, mkv_file_t *file, int count, const uint64_t *tracks, const int64_t *shift_ns,
                 int64_t window_ns)
{
    memset(s, 0, sizeof(*s));
    s->file = file;
    s->count = count;
    s->window_ns = window_ns;
    for (int i = 0; i < count; i++)
    {
        s->cursor[i].track = tracks[i];
        s->shift_ns[i] = shift_ns != NULL ? shift_ns[i] : 0;
        cursor_reset(&s->cursor[i]);
    }
}

/* The time a frame of track i is grouped by. */
static int64_t group_time(const stream_t *s, int i, const mkv_frame_t *frame)
{
    return saturating_add(frame->time_ns, s->shift_ns[i]);
}

mkv_result_t stream_step(stream_t *s, bool forward, mkv_frame_t *frames, bool *member)
{
    /* an item returned in the other direction is stepped over first */
    if (s->has_current && s->current_forward != forward)
    {
        for (int i = 0; i < s->count; i++)
            if (s->member[i])
            {
                s->cursor[i].state = forward ? CURSOR_AFTER : CURSOR_BEFORE;
                s->cursor[i].frame = s->current[i];
            }
    }
    s->has_current = false;
    mkv_result_t found[VIDEO_TRACKS];
    bool any = false, damaged = false;
    int64_t anchor = 0;
    for (int i = 0; i < s->count; i++)
    {
        /* a track that meets damage has nothing more before it: the frames the other tracks still
         * have there come first (they lie before the damage in the file) */
        found[i] = forward ? cursor_peek_next(s->file, &s->cursor[i], &frames[i])
                           : cursor_peek_previous(s->file, &s->cursor[i], &frames[i]);
        damaged = damaged || found[i] == MKV_DAMAGED;
        if (found[i] == MKV_FOUND)
        {
            int64_t t = group_time(s, i, &frames[i]);
            if (!any || (forward ? t < anchor : t > anchor))
                anchor = t;
            any = true;
        }
    }
    if (!any)
        return damaged ? MKV_DAMAGED : MKV_NONE;
    for (int i = 0; i < s->count; i++)
    {
        member[i] = false;
        if (found[i] != MKV_FOUND)
            continue;
        int64_t t = group_time(s, i, &frames[i]);
        int64_t distance = forward ? saturating_sub(t, anchor) : saturating_sub(anchor, t);
        member[i] = s->count == 1 || distance < s->window_ns;
    }
    return MKV_FOUND;
}

void stream_commit(stream_t *s, bool forward, const mkv_frame_t *frames, const bool *member)
{
    for (int i = 0; i < s->count; i++)
    {
        s->member[i] = member[i];
        if (!member[i])
            continue;
        s->current[i] = frames[i];
        s->cursor[i].state = forward ? CURSOR_AFTER : CURSOR_BEFORE;
        s->cursor[i].frame = frames[i];
    }
    s->has_current = true;
    s->current_forward = forward;
}

void stream_seek(stream_t *s, int64_t target_ns)
{
    s->has_current = false;
    for (int i = 0; i < s->count; i++)
        cursor_seek(s->file, &s->cursor[i], target_ns);
    if (s->count == 1)
        return;
    /* a capture that has an image at or after the target comes next even if some of its images
     * are earlier: move those tracks back over them */
    mkv_frame_t frame;
    bool any = false;
    int64_t anchor = 0;
    for (int i = 0; i < s->count; i++)
    {
        cursor_t probe = s->cursor[i];
        if (cursor_peek_next(s->file, &probe, &frame) == MKV_FOUND)
        {
            int64_t t = group_time(s, i, &frame);
            if (!any || t < anchor)
                anchor = t;
            any = true;
        }
    }
    if (!any)
        return;
    for (int i = 0; i < s->count; i++)
    {
        cursor_t probe = s->cursor[i];
        if (cursor_peek_previous(s->file, &probe, &frame) == MKV_FOUND &&
            group_time(s, i, &frame) > saturating_sub(anchor, s->window_ns))
        {
            s->cursor[i].state = CURSOR_BEFORE;
            s->cursor[i].frame = frame;
        }
    }
}

void stream_place(stream_t *s, mkv_result_t found, const mkv_frame_t *frame)
{
    cursor_t *c = &s->cursor[0];
    s->has_current = false;
    if (found == MKV_FOUND)
    {
        c->state = CURSOR_BEFORE;
        c->frame = *frame;
    }
    else
        c->state = CURSOR_AT_END;
}
