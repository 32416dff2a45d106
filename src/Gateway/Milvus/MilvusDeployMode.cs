namespace OrleansVector.Gateway.Milvus;

/// <summary>What ServerInfo.deploy_mode reports, in Milvus's words.</summary>
public enum MilvusDeployMode
{
    Standalone,
    Cluster,
}
