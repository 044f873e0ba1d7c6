/*
 * The machine-dependent part of jni.h for Windows, for cross-compiling the JNI libraries with mingw-w64
 * on a Linux host whose JDK has only include/linux/jni_md.h. The JNI ABI on Windows: functions are
 * exported from the DLL, __stdcall (ignored on x86-64), jint is a 32-bit long, jlong a 64-bit __int64.
 * k4a/pom.xml puts this directory before the JDK's include paths in the windows-x86_64 cross profile.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef _JAVASOFT_JNI_MD_H_
#define _JAVASOFT_JNI_MD_H_

#ifndef JNIEXPORT
#define JNIEXPORT __declspec(dllexport)
#endif
#define JNIIMPORT __declspec(dllimport)
#define JNICALL __stdcall

typedef long jint;
typedef __int64 jlong;
typedef signed char jbyte;

#endif /* !_JAVASOFT_JNI_MD_H_ */
