/*
 * The few operating-system services the core needs: once, mutex, reader-writer lock, threads
 * and a condition variable (with a timed wait on the monotonic clock), UTC time (calendar and now), a monotonic clock,
 * and loading a library that sits beside this one (the virtual devices drive libk4arecord through it). POSIX threads
 * and dlopen here; Win32 equivalents on Windows.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_PLATFORM_H
#define K4A4J_PLATFORM_H

#include <stdbool.h>
#include <time.h>

#if defined(_WIN32)
#include <string.h>
#include <windows.h>
typedef INIT_ONCE k4a4j_once_t;
#define K4A4J_ONCE_INIT INIT_ONCE_STATIC_INIT
typedef CRITICAL_SECTION k4a4j_mutex_t;
typedef SRWLOCK k4a4j_rwlock_t;
typedef CONDITION_VARIABLE k4a4j_cond_t;
typedef HANDLE k4a4j_thread_t;

static BOOL CALLBACK k4a4j_once_trampoline(PINIT_ONCE once, PVOID fn, PVOID *ctx)
{
    (void)once;
    (void)ctx;
    ((void (*)(void))fn)();
    return TRUE;
}
static inline void k4a4j_once(k4a4j_once_t *o, void (*fn)(void))
{
    InitOnceExecuteOnce(o, k4a4j_once_trampoline, (PVOID)fn, NULL);
}
static inline void k4a4j_mutex_init(k4a4j_mutex_t *m)
{
    InitializeCriticalSection(m);
}
static inline void k4a4j_mutex_destroy(k4a4j_mutex_t *m)
{
    DeleteCriticalSection(m);
}
static inline void k4a4j_mutex_lock(k4a4j_mutex_t *m)
{
    EnterCriticalSection(m);
}
static inline void k4a4j_mutex_unlock(k4a4j_mutex_t *m)
{
    LeaveCriticalSection(m);
}
static inline void k4a4j_rwlock_init(k4a4j_rwlock_t *l)
{
    InitializeSRWLock(l);
}
static inline void k4a4j_rwlock_rdlock(k4a4j_rwlock_t *l)
{
    AcquireSRWLockShared(l);
}
static inline void k4a4j_rwlock_wrlock(k4a4j_rwlock_t *l)
{
    AcquireSRWLockExclusive(l);
}
static inline void k4a4j_rwlock_rdunlock(k4a4j_rwlock_t *l)
{
    ReleaseSRWLockShared(l);
}
static inline void k4a4j_rwlock_wrunlock(k4a4j_rwlock_t *l)
{
    ReleaseSRWLockExclusive(l);
}
static inline void k4a4j_cond_init(k4a4j_cond_t *c)
{
    InitializeConditionVariable(c);
}
static inline void k4a4j_cond_destroy(k4a4j_cond_t *c)
{
    (void)c;
}
static inline void k4a4j_cond_wait(k4a4j_cond_t *c, k4a4j_mutex_t *m)
{
    SleepConditionVariableCS(c, m, INFINITE);
}
static inline void k4a4j_cond_broadcast(k4a4j_cond_t *c)
{
    WakeAllConditionVariable(c);
}
static inline void k4a4j_gmtime(const time_t *t, struct tm *out)
{
    gmtime_s(out, t);
}
/* Now in UTC (timespec_get is UCRT-only; msvcrt, mingw-w64's default, lacks it). */
static inline void k4a4j_utc_now(struct timespec *ts)
{
    FILETIME ft;
    GetSystemTimeAsFileTime(&ft);
    /* 100 ns ticks since 1601-01-01 -> since 1970-01-01 */
    unsigned long long ticks = ((unsigned long long)ft.dwHighDateTime << 32 | ft.dwLowDateTime) - 116444736000000000ull;
    ts->tv_sec = (time_t)(ticks / 10000000u);
    ts->tv_nsec = (long)(ticks % 10000000u * 100u);
}
static inline void k4a4j_cond_init_monotonic(k4a4j_cond_t *c)
{
    InitializeConditionVariable(c);
}
typedef HMODULE k4a4j_library_t;
/* Opens the library `name` from the directory of the library that holds `symbol_here`, else by name. */
static inline k4a4j_library_t k4a4j_library_open_beside(const void *symbol_here, const char *name)
{
    HMODULE self = NULL;
    char path[MAX_PATH];
    if (GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                           (LPCSTR)symbol_here, &self) &&
        GetModuleFileNameA(self, path, MAX_PATH) > 0)
    {
        char *slash = strrchr(path, '\\');
        if (slash != NULL && (size_t)(slash + 1 - path) + strlen(name) < MAX_PATH)
        {
            strcpy(slash + 1, name);
            HMODULE beside = LoadLibraryA(path);
            if (beside != NULL)
                return beside;
        }
    }
    return LoadLibraryA(name);
}
static inline void *k4a4j_library_symbol(k4a4j_library_t l, const char *name)
{
    return (void *)GetProcAddress(l, name);
}

/* A thread's entry point is declared K4A4J_THREAD_ENTRY(name, arg) and returns K4A4J_THREAD_RETURN. */
#define K4A4J_THREAD_ENTRY(name, arg) DWORD WINAPI name(LPVOID arg)
#define K4A4J_THREAD_RETURN 0
static inline bool k4a4j_thread_create(k4a4j_thread_t *t, LPTHREAD_START_ROUTINE fn, void *arg)
{
    *t = CreateThread(NULL, 0, fn, arg, 0, NULL);
    return *t != NULL;
}
static inline void k4a4j_thread_join(k4a4j_thread_t t)
{
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
}
static inline int k4a4j_cpu_count(void)
{
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    return (int)si.dwNumberOfProcessors;
}
/* Microseconds of a monotonic clock (for short waits, not for dates). */
static inline long long k4a4j_monotonic_usec(void)
{
    LARGE_INTEGER count, frequency;
    QueryPerformanceCounter(&count);
    QueryPerformanceFrequency(&frequency);
    return (long long)(count.QuadPart / frequency.QuadPart * 1000000 +
                       count.QuadPart % frequency.QuadPart * 1000000 / frequency.QuadPart);
}
static inline void k4a4j_cond_wait_until(k4a4j_cond_t *c, k4a4j_mutex_t *m, long long deadline_usec)
{
    long long left = deadline_usec - k4a4j_monotonic_usec();
    if (left > 0)
        SleepConditionVariableCS(c, m, (DWORD)((left + 999) / 1000));
}
#else
#include <dlfcn.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>
typedef pthread_once_t k4a4j_once_t;
#define K4A4J_ONCE_INIT PTHREAD_ONCE_INIT
typedef pthread_mutex_t k4a4j_mutex_t;
typedef pthread_rwlock_t k4a4j_rwlock_t;
typedef pthread_cond_t k4a4j_cond_t;
typedef pthread_t k4a4j_thread_t;

static inline void k4a4j_once(k4a4j_once_t *o, void (*fn)(void))
{
    pthread_once(o, fn);
}
static inline void k4a4j_mutex_init(k4a4j_mutex_t *m)
{
    pthread_mutex_init(m, NULL);
}
static inline void k4a4j_mutex_destroy(k4a4j_mutex_t *m)
{
    pthread_mutex_destroy(m);
}
static inline void k4a4j_mutex_lock(k4a4j_mutex_t *m)
{
    pthread_mutex_lock(m);
}
static inline void k4a4j_mutex_unlock(k4a4j_mutex_t *m)
{
    pthread_mutex_unlock(m);
}
static inline void k4a4j_rwlock_init(k4a4j_rwlock_t *l)
{
    pthread_rwlock_init(l, NULL);
}
static inline void k4a4j_rwlock_rdlock(k4a4j_rwlock_t *l)
{
    pthread_rwlock_rdlock(l);
}
static inline void k4a4j_rwlock_wrlock(k4a4j_rwlock_t *l)
{
    pthread_rwlock_wrlock(l);
}
static inline void k4a4j_rwlock_rdunlock(k4a4j_rwlock_t *l)
{
    pthread_rwlock_unlock(l);
}
static inline void k4a4j_rwlock_wrunlock(k4a4j_rwlock_t *l)
{
    pthread_rwlock_unlock(l);
}
static inline void k4a4j_cond_init(k4a4j_cond_t *c)
{
    pthread_cond_init(c, NULL);
}
static inline void k4a4j_cond_destroy(k4a4j_cond_t *c)
{
    pthread_cond_destroy(c);
}
static inline void k4a4j_cond_wait(k4a4j_cond_t *c, k4a4j_mutex_t *m)
{
    pthread_cond_wait(c, m);
}
static inline void k4a4j_cond_broadcast(k4a4j_cond_t *c)
{
    pthread_cond_broadcast(c);
}
static inline void k4a4j_gmtime(const time_t *t, struct tm *out)
{
    gmtime_r(t, out);
}
/* Now in UTC. */
static inline void k4a4j_utc_now(struct timespec *ts)
{
    timespec_get(ts, TIME_UTC);
}
/* A condition variable whose timed waits run on the monotonic clock (k4a4j_cond_wait_until). */
static inline void k4a4j_cond_init_monotonic(k4a4j_cond_t *c)
{
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
#if !defined(__APPLE__)
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
#endif
    pthread_cond_init(c, &attr);
    pthread_condattr_destroy(&attr);
}
typedef void *k4a4j_library_t;
/* Opens the library `name` from the directory of the library that holds `symbol_here`, else by name.
 * (dladdr is a GNU/BSD extension: the file that includes this with it defines _GNU_SOURCE first.) */
static inline k4a4j_library_t k4a4j_library_open_beside(const void *symbol_here, const char *name)
{
#if defined(_GNU_SOURCE) || defined(__APPLE__)
    Dl_info info;
    if (dladdr(symbol_here, &info) != 0 && info.dli_fname != NULL)
    {
        const char *slash = strrchr(info.dli_fname, '/');
        size_t dir = slash != NULL ? (size_t)(slash + 1 - info.dli_fname) : 0;
        char path[4096];
        if (dir > 0 && dir + strlen(name) < sizeof(path))
        {
            memcpy(path, info.dli_fname, dir);
            strcpy(path + dir, name);
            void *beside = dlopen(path, RTLD_NOW | RTLD_LOCAL);
            if (beside != NULL)
                return beside;
        }
    }
#else
    (void)symbol_here;
#endif
    return dlopen(name, RTLD_NOW | RTLD_LOCAL);
}
static inline void *k4a4j_library_symbol(k4a4j_library_t l, const char *name)
{
    return dlsym(l, name);
}

/* A thread's entry point is declared K4A4J_THREAD_ENTRY(name, arg) and returns K4A4J_THREAD_RETURN. */
#define K4A4J_THREAD_ENTRY(name, arg) void *name(void *arg)
#define K4A4J_THREAD_RETURN NULL
static inline bool k4a4j_thread_create(k4a4j_thread_t *t, void *(*fn)(void *), void *arg)
{
    return pthread_create(t, NULL, fn, arg) == 0;
}
static inline void k4a4j_thread_join(k4a4j_thread_t t)
{
    pthread_join(t, NULL);
}
static inline int k4a4j_cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}
/* Microseconds of a monotonic clock (for short waits, not for dates). */
static inline long long k4a4j_monotonic_usec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
/* Waits until woken or until the monotonic clock reaches deadline_usec (k4a4j_monotonic_usec); the
 * condition variable must come from k4a4j_cond_init_monotonic. */
static inline void k4a4j_cond_wait_until(k4a4j_cond_t *c, k4a4j_mutex_t *m, long long deadline_usec)
{
#if defined(__APPLE__)
    long long left = deadline_usec - k4a4j_monotonic_usec();
    if (left <= 0)
        return;
    struct timespec rel = { (time_t)(left / 1000000), (long)(left % 1000000) * 1000 };
    pthread_cond_timedwait_relative_np(c, m, &rel);
#else
    struct timespec at = { (time_t)(deadline_usec / 1000000), (long)(deadline_usec % 1000000) * 1000 };
    pthread_cond_timedwait(c, m, &at);
#endif
}
#endif

#endif /* K4A4J_PLATFORM_H */
