// one server for the whole test process, and one test restarts it: the tests take turns
[assembly: CollectionBehavior(DisableTestParallelization = true)]
