#pragma once
// The release component: the functions of the catalog. Its entry is shared with
// the benchmark's library, which serves it beside its own.

#include <cppuhelper/implementationentry.hxx>

namespace truepipe::addin {

const cppu::ImplementationEntry& functions_entry();

}  // namespace truepipe::addin
