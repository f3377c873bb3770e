// The library's one exported symbol: LibreOffice asks it for the component.

#include "component.hpp"

#include <cppuhelper/factory.hxx>

extern "C" SAL_DLLPUBLIC_EXPORT void* SAL_CALL component_getFactory(const char* implementation,
                                                                    void* service_manager,
                                                                    void* registry_key) {
    try {
        static const cppu::ImplementationEntry entries[] = {truepipe::addin::functions_entry(),
                                                            {nullptr, nullptr, nullptr, nullptr, nullptr, 0}};
        return cppu::component_getFactoryHelper(implementation, service_manager, registry_key, entries);
    } catch (...) {
        return nullptr;
    }
}
